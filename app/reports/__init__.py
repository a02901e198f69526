"""数据统计: sales analytics for supplier staff, read-only over Ordering, Catalog and Accounts."""
