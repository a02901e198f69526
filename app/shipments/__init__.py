"""发货与收货: shipments of approved orders and the buyer's receipt confirmation."""
