"""The GraphQL layer: types, queries, mutations and subscriptions over the app/ services."""
