"""The outbox relay, the broker across workers, and the live streams that feed subscriptions."""
