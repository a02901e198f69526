"""Approval flows and the orders waiting for the caller's decision, over GraphQL."""
