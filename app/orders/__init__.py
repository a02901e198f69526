"""Orders and the one order process (status, payment status, fulfilment status); ordering windows and allocation quotas."""
