"""多级审核: approval flows and each order's walk through their steps."""
