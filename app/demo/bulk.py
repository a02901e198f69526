"""Writing many rows of one model fast: COPY on PostgreSQL, tortoise's batched inserts elsewhere.

Rows are plain dicts of field names (foreign keys by their `_id` names) with ids given by the
caller, so related rows can point at each other before anything is written. A field a row leaves
out takes the model's default, so a column added later does not break the writer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from tortoise import connections
from tortoise.fields import Field
from tortoise.fields.data import JSONField
from tortoise.models import Model

Row = dict[str, Any]
_REQUIRED = object()


def _default_of(field: Field, now: datetime) -> Any:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    if field.default is not None:
        return field.default() if callable(field.default) else field.default
    return None if field.null else _REQUIRED


class BulkTable:
    """One model's table, its columns and each column's default."""

    def __init__(self, model: type[Model]) -> None:
        meta = model._meta
        self.model = model
        self.table = meta.db_table
        self.fields = list(meta.fields_db_projection)
        self.columns = [meta.fields_db_projection[name] for name in self.fields]
        now = datetime.now(UTC)
        self.defaults = {name: _default_of(meta.fields_map[name], now) for name in self.fields}
        self._to_db: dict[str, Callable[[Any], Any]] = {
            name: self._converter(meta.fields_map[name]) for name in self.fields
        }

    @staticmethod
    def _converter(field: Field) -> Callable[[Any], Any]:
        if isinstance(field, JSONField):
            return lambda value: None if value is None else field.to_db_value(value, field.model)
        if field.__class__.__name__ == "CharEnumFieldInstance":
            return lambda value: None if value is None else str(value)
        return lambda value: value

    def record(self, row: Row) -> tuple[Any, ...]:
        values = []
        for name in self.fields:
            value = row[name] if name in row else self.defaults[name]
            if value is _REQUIRED:
                raise ValueError(f"{self.table}: a row lacks {name}, which has no default")
            values.append(self._to_db[name](value))
        return tuple(values)


async def next_id(model: type[Model]) -> int:
    """The first id after the table's rows; the caller hands ids out from there."""
    last: list[int] = await model.all().order_by("-id").limit(1).values_list("id", flat=True)  # type: ignore[assignment]
    return (last[0] if last else 0) + 1


async def write(model: type[Model], rows: Iterable[Row]) -> int:
    """Writes the rows (ids included) and returns how many."""
    client = connections.get("default")
    if client.capabilities.dialect != "postgres":
        instances = [model(**row) for row in rows]
        await model.bulk_create(instances, batch_size=1000)
        return len(instances)
    table = BulkTable(model)
    records = [table.record(row) for row in rows]
    if records:
        async with client.acquire_connection() as connection, connection.transaction():
            # The caller wrote the ids the rows point at, so the foreign-key triggers are skipped, as
            # pg_restore does; the constraints stay and hold for every later write. The setting ends
            # with the transaction (the pool does not reset sessions: app.db.keep_session).
            await connection.execute("SET LOCAL session_replication_role = replica")
            await connection.copy_records_to_table(table.table, records=records, columns=table.columns)
    return len(records)


async def finish(model: type[Model]) -> None:
    """After rows were written with their own ids: PostgreSQL's id sequence continues after them."""
    client = connections.get("default")
    if client.capabilities.dialect == "postgres":
        table = model._meta.db_table
        await client.execute_script(
            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), (SELECT COALESCE(MAX(id), 1) FROM \"{table}\"))"
        )
