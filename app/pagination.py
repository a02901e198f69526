"""Keyset pagination over any ordered queryset.

A page is fetched with one query (one row more than asked, to know whether another page
follows), whatever the offset: the cursor carries the sort values of its row, not a row
number, so deep pages cost what the first one does and rows inserted meanwhile are not
skipped or repeated.
"""

from __future__ import annotations

import base64
import binascii
import heapq
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from operator import itemgetter
from typing import Any, Generic, TypeVar

from tortoise import fields
from tortoise.expressions import Q
from tortoise.models import Model
from tortoise.queryset import QuerySet

from app.errors import ErrorCode, UserInputError

T = TypeVar("T")
Row = TypeVar("Row", bound=Model)
DEFAULT_PAGE_SIZE = 20


@dataclass(frozen=True)
class PageRequest:
    first: int | None = None
    after: str | None = None
    last: int | None = None
    before: str | None = None


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    cursors: list[str]
    has_next_page: bool
    has_previous_page: bool


def _bad(argument: str, message: str) -> UserInputError:
    return UserInputError.single(argument, ErrorCode.INVALID, message)


def _check_size(argument: str, value: int | None, max_size: int) -> None:
    if value is not None and not 0 <= value <= max_size:
        raise UserInputError.single(argument, ErrorCode.OUT_OF_RANGE, f"{argument} must be between 0 and {max_size}.")


def _jsonable(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _parse(field: fields.Field, value: Any) -> Any:
    if isinstance(field, fields.DatetimeField):
        return datetime.fromisoformat(value)
    if isinstance(field, fields.DateField):
        return date.fromisoformat(value)
    if isinstance(field, fields.DecimalField):
        return Decimal(value)
    return field.to_python_value(value)


def encode_cursor(values: list[Any]) -> str:
    raw = json.dumps([_jsonable(v) for v in values], separators=(",", ":"), ensure_ascii=False)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(argument: str, cursor: str, model, order: tuple[str, ...]) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
        if not isinstance(values, list) or len(values) != len(order):
            raise ValueError
        return [_parse(model._meta.fields_map[name.lstrip("-")], v) for name, v in zip(order, values, strict=True)]
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise _bad(argument, f"{argument} is not a cursor of this list.") from None


def _beyond(order: tuple[str, ...], values: list[Any], forward: bool) -> Q:
    """Rows strictly after (or before) the cursor row in the given order."""
    condition: Q | None = None
    for i, name in enumerate(order):
        field = name.lstrip("-")
        ascending = not name.startswith("-")
        operator = "gt" if ascending == forward else "lt"
        step = Q(**{f"{field}__{operator}": values[i]})
        for prior_name, prior_value in zip(order[:i], values[:i], strict=True):
            step &= Q(**{prior_name.lstrip("-"): prior_value})
        condition = step if condition is None else condition | step
    assert condition is not None
    return condition


def _reversed(order: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(name[1:] if name.startswith("-") else f"-{name}" for name in order)


def _page_size(request: PageRequest, max_size: int) -> int:
    if request.first is not None and request.last is not None:
        raise _bad("last", "Pass either first or last, not both.")
    _check_size("first", request.first, max_size)
    _check_size("last", request.last, max_size)
    if request.last is not None:
        return request.last
    return request.first if request.first is not None else DEFAULT_PAGE_SIZE


async def paginate(queryset: QuerySet[Row], order: tuple[str, ...], request: PageRequest, max_size: int) -> Page[Row]:
    """`order` must end in a unique field (the primary key) so every row has one place."""
    size = _page_size(request, max_size)
    model = queryset.model
    backward = request.last is not None
    query = queryset
    if request.after:
        query = query.filter(_beyond(order, decode_cursor("after", request.after, model, order), True))
    if request.before:
        query = query.filter(_beyond(order, decode_cursor("before", request.before, model, order), False))
    rows = list(await query.order_by(*(_reversed(order) if backward else order)).limit(size + 1))
    return _page(rows, size, request, lambda row: [getattr(row, name.lstrip("-")) for name in order])


def _page(rows: list, size: int, request: PageRequest, sort_values) -> Page:
    """Rows fetched in walking order, one more than the page when another page follows."""
    backward = request.last is not None
    more = len(rows) > size
    rows = rows[:size]
    if backward:
        rows.reverse()
    return Page(
        items=rows,
        cursors=[encode_cursor(sort_values(row)) for row in rows],
        has_next_page=more if not backward else request.before is not None,
        has_previous_page=more if backward else request.after is not None,
    )


def _decode_keys(argument: str, cursor: str) -> tuple[Decimal, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        amount, pk = json.loads(raw)
        return Decimal(amount), int(pk)
    except (ValueError, TypeError, ArithmeticError, binascii.Error, UnicodeDecodeError):
        raise _bad(argument, f"{argument} is not a cursor of this list.") from None


def paginate_in_memory(
    keyed: list[tuple[Decimal, int, T]], descending: bool, request: PageRequest, max_size: int
) -> Page[T]:
    """Keyset pagination over rows ordered in memory by (amount, id), for orders SQL cannot
    express, such as the caller's own price."""
    size = _page_size(request, max_size)
    if request.after:
        mark = _decode_keys("after", request.after)
        keyed = [row for row in keyed if ((row[0], row[1]) < mark if descending else (row[0], row[1]) > mark)]
    if request.before:
        mark = _decode_keys("before", request.before)
        keyed = [row for row in keyed if ((row[0], row[1]) > mark if descending else (row[0], row[1]) < mark)]
    # A page of tens of thousands of rows: take its size + 1 with a heap rather than sorting them all.
    from_the_top = descending if request.last is None else not descending
    take = heapq.nlargest if from_the_top else heapq.nsmallest
    window = take(size + 1, keyed, key=itemgetter(0, 1))
    page = _page(window, size, request, lambda row: [row[0], row[1]])
    return Page([row[2] for row in page.items], page.cursors, page.has_next_page, page.has_previous_page)
