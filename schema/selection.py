"""What a query selects below the field being resolved, read before resolving it, so that a list
loads only what its caller asks for (DESIGN.md: no N+1, hot lists batch what is selected)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import strawberry
from strawberry.types.nodes import SelectedField, Selection


def fields_in(selections: Iterable[Selection]) -> Iterator[SelectedField]:
    """The fields of a selection set, with fragments and inline fragments spread in; a field
    selected under an alias is named by its field name."""
    for selection in selections:
        if isinstance(selection, SelectedField):
            yield selection
        else:
            yield from fields_in(selection.selections)


def connection_node_selections(info: strawberry.Info) -> list[Selection]:
    """Every selection made on the nodes of the connection being resolved, through
    `edges { node { … } }` and `nodes { … }` alike."""
    found: list[Selection] = []
    for connection in fields_in(info.selected_fields):
        for part in fields_in(connection.selections):
            if part.name == "nodes":
                found.extend(part.selections)
            elif part.name == "edges":
                found.extend(s for edge in fields_in(part.selections) if edge.name == "node" for s in edge.selections)
    return found


def selects(info: strawberry.Info, name: str) -> bool:
    """True when the field being resolved selects `name` directly below it."""
    return any(part.name == name for field in fields_in(info.selected_fields) for part in fields_in(field.selections))
