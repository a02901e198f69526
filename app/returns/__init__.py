"""Returns (退货): requested by the buyer on received lines, decided, received and refunded."""
