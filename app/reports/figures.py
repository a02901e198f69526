"""Sums read back from SQL: SQLite answers a decimal sum as a float, PostgreSQL as a Decimal."""

from __future__ import annotations

from decimal import Decimal

from app.money import round_money

ZERO = Decimal("0.00")


def amount(value: Decimal | float | int | None) -> Decimal:
    if isinstance(value, Decimal):
        return round_money(value)
    return round_money(Decimal(str(value))) if value is not None else ZERO


def count(value: int | None) -> int:
    return int(value or 0)


def share(part: Decimal, whole: Decimal) -> Decimal:
    """A fraction with four decimals (0.1234 is 12.34%); 0 of an empty whole."""
    return (part / whole).quantize(Decimal("0.0001")) if whole else Decimal("0.0000")
