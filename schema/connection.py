"""Relay cursor connections: edges, nodes, pageInfo and a totalCount counted only when asked."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

import strawberry
from tortoise.queryset import QuerySet

from app.pagination import Page, PageRequest, paginate
from app.settings import get_settings

NodeType = TypeVar("NodeType")

_PAGE_PARAMETERS = tuple(
    inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=annotation)
    for name, annotation in (("first", int | None), ("after", str | None), ("last", int | None), ("before", str | None))
)


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[NodeType]):
    cursor: str
    node: NodeType


@strawberry.type
class Connection(Generic[NodeType]):
    edges: list[Edge[NodeType]]
    page_info: PageInfo
    count_rows: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="All rows matching the filter, across every page.")
    async def total_count(self) -> int:
        return await self.count_rows()

    @strawberry.field(description="The nodes of this page, without their edges.")
    def nodes(self) -> list[NodeType]:
        return [edge.node for edge in self.edges]


async def connection_of(
    queryset: QuerySet,
    order: tuple[str, ...],
    page: PageRequest,
    to_nodes: Callable[[list], Awaitable[list]],
    count_rows: Callable[[], Awaitable[int]] | None = None,
) -> Connection:
    """`to_nodes` turns the page's rows into GraphQL objects in one batch; `count_rows`, when given,
    answers `totalCount` in place of counting the queryset."""
    result: Page = await paginate(queryset, order, page, get_settings().max_page_size)
    return connection_from_page(result, await to_nodes(result.items), count_rows or queryset.count)


def connection_from_page(page: Page, nodes: list, count_rows: Callable[[], Awaitable[int]]) -> Connection:
    return Connection(
        edges=[Edge(cursor=c, node=node) for node, c in zip(nodes, page.cursors, strict=True)],
        page_info=PageInfo(
            has_next_page=page.has_next_page,
            has_previous_page=page.has_previous_page,
            start_cursor=page.cursors[0] if page.cursors else None,
            end_cursor=page.cursors[-1] if page.cursors else None,
        ),
        count_rows=count_rows,
    )


def paginated(resolver: Callable[..., Awaitable[Connection]]) -> Callable[..., Awaitable[Connection]]:
    """Declares a connection's arguments once: the resolver takes a keyword-only `page: PageRequest`,
    and the schema shows first, after, last and before in its place."""
    signature = inspect.signature(resolver)
    parameters: list[inspect.Parameter] = []
    for parameter in signature.parameters.values():
        parameters.extend(_PAGE_PARAMETERS if parameter.name == "page" else (parameter,))

    @functools.wraps(resolver)
    async def resolve(*args, first=None, after=None, last=None, before=None, **kwargs) -> Connection:
        return await resolver(*args, page=PageRequest(first=first, after=after, last=last, before=before), **kwargs)

    # strawberry reads the arguments from the signature, which inspect takes from __signature__ first.
    resolve.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    return resolve
