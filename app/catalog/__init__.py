"""The supplier's catalog: categories, brands, products and variants."""
