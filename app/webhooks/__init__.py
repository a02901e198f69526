"""Third-party apps and the signed webhook deliveries of the events they subscribe to."""
