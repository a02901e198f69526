"""Organizations, users and their roles, customer accounts, authentication and permissions."""
