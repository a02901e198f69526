"""Server-side carts, one per buyer user and supplier, priced live."""
