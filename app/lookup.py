"""Rows of an already narrowed query by primary key, in one query."""

from __future__ import annotations

from tortoise.queryset import QuerySet


async def rows_by_ids(query: QuerySet, ids: list[int]) -> dict[int, object]:
    """The rows of `query` among these ids, by id; an id the query does not hold is left out."""
    return {row.id: row for row in await query.filter(id__in=ids)}
