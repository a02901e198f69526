"""The event broker that carries state changes to subscribers across workers."""
