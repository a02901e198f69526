"""Returns (退货) over GraphQL."""
