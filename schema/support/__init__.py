"""Announcements (公告) and service threads (客户服务) over GraphQL."""
