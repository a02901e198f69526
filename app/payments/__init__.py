"""付款/收款: payments recorded by buyers and confirmed by the supplier's finance."""
