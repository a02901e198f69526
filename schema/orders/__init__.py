"""Carts, checkout and orders over GraphQL."""
