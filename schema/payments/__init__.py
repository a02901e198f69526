"""Payments over GraphQL: the buyer records, the supplier's finance confirms or rejects."""
