"""Each user's inbox of notifications, planned from events by the contexts that own them."""
