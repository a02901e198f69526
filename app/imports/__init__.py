"""Bulk import and export (批量导入/导出): products and customers in from .xlsx/.csv, products, customers and
orders out. Files are read and written through app.tabular; every rule is the owning context's (catalog,
inventory, accounts, orders), reached through their batch paths."""
