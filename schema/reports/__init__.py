"""Sales analytics (数据统计) over GraphQL."""
