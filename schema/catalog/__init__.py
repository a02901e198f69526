"""The catalog over GraphQL: products priced for the caller, categories, brands, stock, and the
supplier's catalog management."""
