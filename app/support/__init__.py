"""Support: the supplier's announcements (公告) to its buyers and the service threads (客户服务)
buyers open with it. Depends on Accounts and Events only; an order a thread is about is checked
through a lookup Ordering installs (app/wiring.py)."""
