"""Inventory: warehouses, stock, reservations, the movement log and low-stock warnings."""
