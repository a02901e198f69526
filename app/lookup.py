"""Rows of an already narrowed query by primary key, in one query."""

from __future__ import annotations

from typing import TypeVar

from tortoise.models import Model
from tortoise.queryset import QuerySet

RowType = TypeVar("RowType", bound=Model)


async def rows_by_ids(query: QuerySet[RowType], ids: list[int]) -> dict[int, RowType]:
    """The rows of `query` among these ids, by id; an id the query does not hold is left out."""
    return {row.pk: row for row in await query.filter(id__in=ids)}
