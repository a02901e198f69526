"""The demo data set of `dinghuo seed-demo`: the same organizations, users and history every time."""
