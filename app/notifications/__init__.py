"""Messages to people (password resets, later order news) through a pluggable notifier."""
