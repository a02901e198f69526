"""往来账: the append-only money ledger between a supplier and each customer account."""
