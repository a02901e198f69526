"""Carts over GraphQL: the caller's cart with a supplier, priced as that customer now."""
