"""Checkout, orders, their status machine and stock reservations."""
