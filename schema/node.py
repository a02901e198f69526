"""The Node interface and `node`/`nodes`: any object by its global ID, if the caller may see it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import strawberry
from tortoise.queryset import QuerySet

from app.errors import ErrorCode, NotAuthenticated, PermissionDenied, UserInputError
from app.lookup import rows_by_ids
from schema.ids import parse_id

MAX_NODES = 100

Fetch = Callable[[strawberry.Info, list[int]], Awaitable[list[Any]]]
_fetchers: dict[str, Fetch] = {}


@strawberry.interface(description="An object with a globally unique, opaque ID.")
class Node:
    id: strawberry.ID


def register_node(type_name: str, fetch: Fetch) -> None:
    """`fetch` answers None for an object the caller may not see, exactly as for a missing one."""
    _fetchers[type_name] = fetch


def register_visible_node(
    type_name: str,
    visible: Callable[[Any], QuerySet],
    build: Callable[[list[Any]], Awaitable[list[Any]]],
) -> Fetch:
    """Registers the fetcher of a type whose visibility is a query over the caller's rows:
    `visible(principal)` narrows the rows (the same function its list query uses; raising
    NotAuthenticated or PermissionDenied means it sees none), `build(rows)` makes their GraphQL
    objects in batch."""

    async def fetch(info: strawberry.Info, pks: list[int]) -> list[Any]:
        try:
            query = visible(info.context.principal)
        except (NotAuthenticated, PermissionDenied):
            return [None] * len(pks)  # whoever may not list them finds none of them
        rows = list((await rows_by_ids(query, pks)).values())
        built = dict(zip((row.id for row in rows), await build(rows), strict=True))
        return [built.get(pk) for pk in pks]

    register_node(type_name, fetch)
    return fetch


def one_by_one(wrap: Callable[[Any], Any]) -> Callable[[list[Any]], Awaitable[list[Any]]]:
    """A batch builder for a type whose objects are built from their rows alone."""

    async def wrap_all(rows: list[Any]) -> list[Any]:
        return [wrap(row) for row in rows]

    return wrap_all


def registered_node_types() -> set[str]:
    return set(_fetchers)


def _parse(value: str) -> tuple[str, int]:
    parsed = parse_id(value)
    if parsed is None:
        raise UserInputError.single("id", ErrorCode.INVALID_ID, f"{value!r} is not a valid ID.")
    return parsed


async def resolve_nodes(info: strawberry.Info, ids: Sequence[str]) -> list[Node | None]:
    if len(ids) > MAX_NODES:
        raise UserInputError.single("ids", ErrorCode.OUT_OF_RANGE, f"Ask for at most {MAX_NODES} IDs at once.")
    parsed = [_parse(value) for value in ids]
    by_type: dict[str, list[int]] = {}
    for type_name, pk in parsed:
        by_type.setdefault(type_name, []).append(pk)
    found: dict[tuple[str, int], Node | None] = {}
    for type_name, pks in by_type.items():
        fetch = _fetchers.get(type_name)
        objects = await fetch(info, pks) if fetch else [None] * len(pks)
        found.update(zip(((type_name, pk) for pk in pks), objects, strict=True))
    return [found[key] for key in parsed]


@strawberry.type
class NodeQuery:
    @strawberry.field(description="Any object by its ID; null when it does not exist or is not yours.")
    async def node(self, info: strawberry.Info, id: strawberry.ID) -> Node | None:
        return (await resolve_nodes(info, [id]))[0]

    @strawberry.field(description=f"Objects by their IDs, in the same order (at most {MAX_NODES}).")
    async def nodes(self, info: strawberry.Info, ids: list[strawberry.ID]) -> list[Node | None]:
        return await resolve_nodes(info, ids)
