"""Bulk imports over GraphQL (multipart uploads); the exports are GET routes in schema/exports.py."""
