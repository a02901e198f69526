"""Price lists and the one pricing function: (buyer, variant, quantity) → unit price and why."""
