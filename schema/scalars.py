from __future__ import annotations

from decimal import Decimal

import strawberry


@strawberry.type(description="An amount of money: a decimal string and its ISO 4217 currency.")
class Money:
    amount: Decimal
    currency: str
