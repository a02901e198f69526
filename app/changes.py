"""What a privileged change changed: the services that move money, prices, credit or roles say
here, inside their own transaction, which fields of which object went from what to what.

Core: every context may call `note_changes`; none knows who listens. The audit log (app/audit) registers
the writer at start-up and turns each note into an audit entry in the caller's transaction, so the
entry exists exactly when the change committed. Without a writer (a bare script) a note is dropped.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

Changes = dict[str, list[Any]]
"""{field: [before, after]} with JSON values (decimals as strings, instants in ISO 8601)."""

Writer = Callable[[str, int, Changes], Awaitable[None]]
_writers: list[Writer] = []


def on_note(writer: Writer) -> Callable[[], None]:
    """Call `writer(subject_type, subject_id, changes)` for every note_changes; returns the undo."""
    _writers.append(writer)
    return lambda: forget(writer)


def forget(writer: Writer) -> None:
    while writer in _writers:
        _writers.remove(writer)


def jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [jsonable(v) for v in value]
        return sorted(items, key=str) if isinstance(value, (set, frozenset)) else items
    return value


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> Changes:
    """The fields whose value differs, as {field: [before, after]}; a field missing on one side is null there."""
    changed: Changes = {}
    for name in dict.fromkeys([*before, *after]):
        old, new = jsonable(before.get(name)), jsonable(after.get(name))
        if old != new:
            changed[name] = [old, new]
    return changed


async def note_changes(subject_type: str, subject_id: int, changes: Changes) -> None:
    """Call inside the transaction of the change; nothing is noted when nothing changed."""
    if not changes:
        return
    for writer in tuple(_writers):
        await writer(subject_type, subject_id, changes)
