"""Promotions: which ones apply to a cart, what each gives, and what is still missing."""
