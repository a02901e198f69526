"""Dealers' sell-through reports (信息上报) over GraphQL."""
