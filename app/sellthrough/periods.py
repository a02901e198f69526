"""The period a report covers: one calendar month, written "2026-11".

A month, not free from/to dates: dealers close their books monthly (月报), and one fixed grid lets
the supplier add up and compare dealers' reports; free ranges would overlap and never sum."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from app.errors import ErrorCode, UserInputError

MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def label(self) -> str:
        return self.start.strftime("%Y-%m")

    @classmethod
    def of_month(cls, year: int, month: int) -> Period:
        return cls(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))

    @classmethod
    def starting(cls, start: date) -> Period:
        return cls.of_month(start.year, start.month)


def parse_period(text: str | None, field: tuple[str, ...]) -> Period:
    """ "YYYY-MM" as a Period; anything else is the caller's mistake on `field`."""
    found = MONTH_PATTERN.match((text or "").strip())
    if found is None or not 1 <= int(found.group(2)) <= 12 or int(found.group(1)) < 2000:
        raise UserInputError.single(
            field, ErrorCode.INVALID, f"The period must be a month such as 2026-11, not {text!r}."
        )
    return Period.of_month(int(found.group(1)), int(found.group(2)))
