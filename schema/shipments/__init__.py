"""Shipments, tracking and receipt confirmation over GraphQL."""
