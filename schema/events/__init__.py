"""Live events over GraphQL: subscriptions, the notifications inbox, apps and their webhooks."""
