"""Dealers' sell-through reports (信息上报): what a buyer sold and holds per SKU for a month."""
