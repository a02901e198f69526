"""Dinghuo: the domain and the server of a B2B ordering platform."""
