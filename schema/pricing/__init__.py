"""Price lists and promotions: the supplier's management of them over GraphQL."""
