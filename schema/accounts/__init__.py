"""Organizations, users, customer accounts and authentication over GraphQL."""
