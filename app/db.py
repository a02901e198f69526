"""The tortoise configuration and lifecycle shared by the server, the CLI, migrations and tests."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, partial
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import asyncpg
from tortoise import Tortoise, connections
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.exceptions import DBConnectionError
from tortoise.fields import DecimalField
from tortoise.migrations.executor import MigrationExecutor
from tortoise.models import Model
from tortoise.queryset import ValuesQuery
from tortoise.transactions import in_transaction

from app.settings import Settings, get_settings

MODEL_MODULES = [
    "app.accounts.models",
    "app.numbering",
    "app.messaging",
    "app.notifications.models",
    "app.catalog.models",
    "app.inventory.models",
    "app.pricing.models",
    "app.promotions.models",
    "app.carts.models",
    "app.orders.models",
    "app.ledger.models",
    "app.approvals.models",
    "app.payments.models",
    "app.shipments.models",
    "app.returns.models",
    "app.support.models",
    "app.sellthrough.models",
    "app.outbox",
    "app.webhooks.models",
    "app.audit.models",
    "app.reports.models",
]
APP_LABEL = "models"
MIGRATIONS_MODULE = "migrations"
M = TypeVar("M", bound=Model)


class DatabaseNotMigrated(RuntimeError):
    """The schema lags the code: the server must not answer on it."""


def tortoise_config(settings: Settings) -> dict:
    return {
        "connections": {"default": _connection(settings)},
        "apps": {
            APP_LABEL: {
                "models": MODEL_MODULES,
                "default_connection": "default",
                "migrations": MIGRATIONS_MODULE,
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


def _connection(settings: Settings) -> str | dict:
    """PostgreSQL's pool holds up to `database_pool_size` connections and takes one back without asyncpg's
    reset query (`keep_session`)."""
    if not settings.uses_postgres:
        return settings.tortoise_database_url
    connection = expand_db_url(settings.tortoise_database_url)
    connection["credentials"]["reset"] = keep_session
    connection["credentials"]["maxsize"] = settings.database_pool_size
    return connection


async def keep_session(connection: asyncpg.Connection) -> None:
    """What asyncpg's pool runs on a connection coming back, in place of its reset query (advisory
    unlocks, CLOSE ALL, UNLISTEN *, RESET ALL): that query is one more round trip after every statement
    run outside a transaction, which cost 0.14 ms of CPU per statement here and doubled the round trips
    of a request. The project leaves none of that state on a connection (settings are SET LOCAL; no
    advisory lock, cursor or LISTEN: tests/test_architecture.py), and asyncpg still rolls back a
    transaction left open before this runs."""


def _ensure_sqlite_directory(settings: Settings) -> None:
    if settings.uses_postgres:
        return
    path = urlsplit(settings.database_url).path or settings.database_url[len("sqlite://") :]
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)


async def ensure_database(settings: Settings) -> None:
    """Create the PostgreSQL database when it does not exist yet (SQLite creates its file)."""
    if not settings.uses_postgres:
        return
    import asyncpg

    parts = urlsplit(settings.database_url)
    name = parts.path.lstrip("/")
    admin = await asyncpg.connect(parts._replace(scheme="postgresql", path="/postgres").geturl())
    try:
        if not await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
            await admin.execute(f'CREATE DATABASE "{name.replace(chr(34), "")}"')
    finally:
        await admin.close()


async def init_db(settings: Settings | None = None) -> None:
    """Open the connections and make them visible to every task of this process."""
    settings = settings or get_settings()
    _ensure_sqlite_directory(settings)
    await Tortoise.init(config=tortoise_config(settings), _enable_global_fallback=True)


async def close_db() -> None:
    await Tortoise.close_connections()


def _executor() -> MigrationExecutor:
    return MigrationExecutor(connections.get("default"), tortoise_config(get_settings())["apps"])


async def pending_migrations() -> list[str]:
    plan = await _executor().plan()
    return [step.migration.name for step in plan if not step.backward]


async def apply_migrations(progress=None) -> list[str]:
    pending = await pending_migrations()
    await _executor().migrate(progress=progress)
    return pending


async def require_migrated() -> None:
    pending = await pending_migrations()
    if pending:
        raise DatabaseNotMigrated(
            f"The database is missing {len(pending)} migration(s) ({', '.join(pending)}). Run `dinghuo migrate` first."
        )


async def ping_db() -> None:
    await connections.get("default").execute_query("SELECT 1")


# Faults of the database's availability, not of the request: a connection the server ended
# (restart, failover, pg_terminate_backend) or cannot open, a server out of connections, a
# transaction PostgreSQL aborted to break a deadlock or keep it serialisable, an SQLite file
# another writer holds longer than the busy timeout. The same request may succeed when retried:
# asyncpg's pool opens a new connection in place of a closed one on its next use.
_UNAVAILABLE: tuple[type[BaseException], ...] = (
    ConnectionError,  # refused, reset, broken pipe
    TimeoutError,
    DBConnectionError,
    asyncpg.PostgresConnectionError,  # class 08: connection exceptions
    asyncpg.InterfaceError,  # the client's side of a closed connection
    asyncpg.InternalClientError,  # a connection the server ended while it sat idle in the pool
    asyncpg.exceptions.OperatorInterventionError,  # class 57: admin shutdown, crash, cannot connect now
    asyncpg.exceptions.InsufficientResourcesError,  # class 53: too many connections, out of memory
    asyncpg.exceptions.TransactionRollbackError,  # class 40: serialization failure, deadlock
)
SQLITE_BUSY = ("database is locked", "database table is locked")


def database_unavailable(error: BaseException) -> bool:
    """Whether the error, or one it was raised from, says the database is away for now."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, _UNAVAILABLE):
            return True
        if isinstance(current, sqlite3.OperationalError) and str(current) in SQLITE_BUSY:
            return True
        current = current.__cause__ or current.__context__
    return False


def __getattr__(name: str) -> dict:
    """`tortoise makemigrations` reads TORTOISE_ORM; build it only when asked."""
    if name == "TORTOISE_ORM":
        return tortoise_config(get_settings())
    raise AttributeError(name)


async def add_to_rows(
    table: str, columns: tuple[str, ...], key: tuple[str, ...], rows: list[tuple], *, soon: bool = False
) -> None:
    """Adds each of `rows` (values of `columns`) to the row of `table` with the same `key` (a unique
    constraint), creating it: running totals for many rows in one statement. The columns outside the
    key are added, except those named `*_id` and the first and last instant (`first_at` keeps the
    earliest, `last_at` the latest). Rows are written in key order, so two callers lock the rows
    they share in the same order. `soon`: by `write_soon`, for a caller that reads none of them back."""
    if not rows:
        return
    postgres = on_postgres()
    width = len(columns)
    ordered = sorted(rows, key=lambda row: tuple(row[columns.index(name)] for name in key))
    values = ", ".join(f"({marks(width, n * width + 1)})" for n in range(len(ordered)))
    updates = ", ".join(
        _merged(table, name, postgres) for name in columns if name not in key and not name.endswith("_id")
    )
    await (write_soon if soon else fetch)(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES {values} "
        f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates}",
        [value for row in ordered for value in row],
    )


def _merged(table: str, column: str, postgres: bool) -> str:
    if column in ("first_at", "last_at"):
        pick = (
            ("LEAST" if column == "first_at" else "GREATEST")
            if postgres
            else ("MIN" if column == "first_at" else "MAX")
        )
        return f"{column} = COALESCE({pick}({table}.{column}, EXCLUDED.{column}), EXCLUDED.{column})"
    return f"{column} = {table}.{column} + EXCLUDED.{column}"


@asynccontextmanager
async def plans_per_value(wanted: bool = True) -> AsyncIterator[None]:
    """A transaction whose statements PostgreSQL plans for their values each time. After five runs of a
    prepared statement it may keep one plan for any value; a substring search's best plan depends on its
    pattern (a rare order number reads the trigram index, a common letter the newest rows), and the
    value-blind plan walked a million orders for a rare number (0.4 s instead of a few ms)."""
    if not wanted:
        yield
        return
    async with in_transaction() as connection:
        if connection.capabilities.dialect == "postgres":
            await connection.execute_script("SET LOCAL plan_cache_mode = force_custom_plan")
        yield


_POSTGRES_MARK = re.compile(r"\$\d+")


def marks(count: int, first: int = 1) -> str:
    """`count` of `fetch`'s marks from $`first` on, comma-separated: an IN list's."""
    return ", ".join(f"${number}" for number in range(first, first + count))


async def fetch(sql: str, values: list[Any]) -> list[dict[str, Any]]:
    """The rows of a statement written by hand with PostgreSQL's marks $1, $2… in the order of `values`
    (SQLite is given ?), as dicts: for a hot path whose SQL costs more to build through the ORM than to
    run. A statement with RETURNING answers its rows too."""
    connection = connections.get("default")
    if connection.capabilities.dialect != "postgres":
        sql = _POSTGRES_MARK.sub("?", sql)
        values = [str(value) if isinstance(value, Decimal) else value for value in values]
    return await connection.execute_query_dict(sql, values)


def decimal_of(value: Decimal | str | float) -> Decimal:
    """A decimal column as `fetch` answers it: PostgreSQL gives a Decimal, SQLite its text (or a float)."""
    return value if isinstance(value, Decimal) else Decimal(str(value))


def on_postgres() -> bool:
    """Whether the default connection is PostgreSQL (else SQLite): for the few statements written apart."""
    return connections.get("default").capabilities.dialect == "postgres"


def locked_rows(alias: str, *, keys_kept: bool = False) -> str:
    """`FOR UPDATE OF alias` on PostgreSQL, to end a hand-written SELECT that locks the rows it reads of the
    table aliased `alias` (`FOR NO KEY UPDATE` with `keys_kept`: rows naming them may still be written
    meanwhile); nothing on SQLite, which has no row locks and serialises writing transactions."""
    if not on_postgres():
        return ""
    return f" FOR {'NO KEY UPDATE' if keys_kept else 'UPDATE'} OF {alias}"


@cache
def columns_of(model: type[Model], alias: str) -> str:
    """Every column of `model` read from the table aliased `alias`, each named `alias.column`: the select
    list of a hand-written join that `fetch_models` turns back into instances."""
    return ", ".join(f'{alias}."{column}" AS "{alias}.{column}"' for column in sorted(model._meta.db_fields))


async def fetch_models(sql: str, values: list[Any], *aliased: tuple[type[Model], str]) -> list[tuple[Any, ...]]:
    """Each row of a hand-written join (its select list from `columns_of`) as one instance per (model,
    alias), built as tortoise builds them: for a hot path where tortoise spends more CPU assembling a
    select_related query (~1 ms for two tables' columns) than the database spends answering it."""
    return [tuple(instance_of(row, model, alias) for model, alias in aliased) for row in await fetch(sql, values)]


def instance_of(row: dict[str, Any], model: type[M], alias: str) -> M:
    """The instance of `model` in a row of a hand-written join (its columns from `columns_of(model, alias)`),
    for a caller that reads other columns of the row too."""
    return model._init_from_db(**{column: row[f"{alias}.{column}"] for column in model._meta.db_fields})


async def fetch_with_related(
    sql: str, values: list[Any], main: tuple[type[Model], str], **related: tuple[type[Model], str]
) -> list[Any]:
    """`fetch_models` for a join of one model with the instances its foreign keys name: the main
    instances, each with the instance of every `related` (model, alias) set on the relation of that name."""
    found = await fetch_models(sql, values, main, *related.values())
    for instance, *joined in found:
        for name, other in zip(related, joined, strict=True):
            setattr(instance, name, other)
    return [instance for instance, *_ in found]


@cache
def _insert_columns(model: type[Model]) -> tuple[tuple[str, ...], str]:
    """The fields an INSERT of `model` writes (every one but a generated id) and its quoted column list."""
    if any(field.has_db_default() for field in model._meta.fields_map.values()):
        raise TypeError(f"insert_all leaves database defaults to tortoise: {model.__name__} has one.")
    names = tuple(
        name
        for name, field in model._meta.fields_map.items()
        if name in model._meta.fields_db_projection and not field.generated
    )
    return names, ", ".join(f'"{model._meta.fields_db_projection[name]}"' for name in names)


async def insert_all(instances: Sequence[M], *, unless_taken: tuple[str, ...] = ()) -> list[M]:
    """Writes new instances of one model in one INSERT and gives each its id, converting values as `save`
    does (auto_now stamps, enums, JSON): for a hot path where tortoise's per-instance machinery costs more
    CPU than the database spends on the row. With `unless_taken` (the fields of a unique constraint), an
    instance whose key is taken is not written. Answers the instances written, their decimals as a read
    answers them (to the column's places), so that they may stand for the rows read back."""
    if not instances:
        return []
    model = type(instances[0])
    names, insert, values = _insert_of(instances)
    fields_map, pk_column = model._meta.fields_map, model._meta.db_pk_column
    key = [model._meta.fields_db_projection[name] for name in unless_taken]
    conflict = f" ON CONFLICT ({', '.join(key)}) DO NOTHING" if key else ""
    returned = ", ".join(f'"{column}"' for column in [pk_column, *key])
    found = await fetch(f"{insert}{conflict} RETURNING {returned}", values)
    if key:
        ids = {tuple(row[column] for column in key): row[pk_column] for row in found}
        written = [i for i in instances if tuple(getattr(i, name) for name in unless_taken) in ids]
        for instance in written:
            instance.pk = ids[tuple(getattr(instance, name) for name in unless_taken)]
    else:
        # Ids are drawn in the order the rows are written, whatever order RETURNING answers them in.
        written = list(instances)
        for instance, pk in zip(written, sorted(row[pk_column] for row in found), strict=True):
            instance.pk = pk
    decimals = [name for name in names if isinstance(fields_map[name], DecimalField)]
    for instance in written:
        instance._saved_in_db = True
        for name in decimals:
            setattr(instance, name, fields_map[name].to_python_value(getattr(instance, name)))
    return written


def _insert_of(instances: Sequence[Model]) -> tuple[tuple[str, ...], str, list[Any]]:
    """The fields written, the INSERT of `instances` (of one model) and its values, converted as `save` converts."""
    model = type(instances[0])
    names, column_list = _insert_columns(model)
    fields_map = model._meta.fields_map
    width = len(names)
    values = [
        fields_map[name].to_db_value(getattr(instance, name), instance) for instance in instances for name in names
    ]
    rows = ", ".join(f"({marks(width, n * width + 1)})" for n in range(len(instances)))
    return names, f'INSERT INTO "{model._meta.db_table}" ({column_list}) VALUES {rows}', values


async def insert_soon(instances: Sequence[Model], then: Callable[[], None] | None = None) -> None:
    """`insert_all`'s INSERT handed to `write_soon`: for rows nobody reads back; the instances get no id."""
    if instances:
        _, insert, values = _insert_of(instances)
        await write_soon(insert, values, then)


@dataclass
class _Together:
    statements: list[tuple[str, list[Any]]] = field(default_factory=list)
    sent: list[Callable[[], None]] = field(default_factory=list)


_together: ContextVar[_Together | None] = ContextVar("writes_together", default=None)


@asynccontextmanager
async def writes_together() -> AsyncIterator[None]:
    """The writes handed to `write_soon` inside go to the database in one statement when the block ends without
    an error (PostgreSQL: each but the last a data-modifying WITH query of the last; SQLite: one after another):
    one round trip for the writes that end a step, as an order's placement ends with its rollups and events, and
    so the shortest time under the locks they take. Only for writes nobody reads back before the
    block ends, each to rows no other write of the block changes (one statement changes a row once), in no
    particular order. Nested, the outermost block sends."""
    if _together.get() is not None:
        yield
        return
    together = _Together()
    token = _together.set(together)
    try:
        yield
    finally:
        _together.reset(token)
    await _send_together(together.statements)
    for then in together.sent:
        then()


def writing_together() -> bool:
    return _together.get() is not None


async def write_soon(sql: str, values: list[Any], then: Callable[[], None] | None = None) -> None:
    """A write (`fetch`'s marks) whose result nobody reads: inside `writes_together`, sent with the block's
    others as it ends; else now. `then` is called once it is sent."""
    together = _together.get()
    if together is None:
        await fetch(sql, values)
        if then is not None:
            then()
        return
    together.statements.append((sql, values))
    if then is not None:
        together.sent.append(then)


async def _send_together(statements: list[tuple[str, list[Any]]]) -> None:
    if len(statements) < 2 or not on_postgres():
        for sql, own in statements:
            await fetch(sql, own)
        return
    parts: list[str] = []
    values: list[Any] = []
    for sql, own in statements:
        parts.append(_POSTGRES_MARK.sub(partial(_shifted_mark, len(values)), sql))
        values += own
    *first, last = parts
    await fetch("WITH " + ", ".join(f"w{n} AS ({part})" for n, part in enumerate(first)) + f" {last}", values)


def _shifted_mark(offset: int, mark: re.Match[str]) -> str:
    return f"${int(mark.group()[1:]) + offset}"


async def plain_rows(query: ValuesQuery) -> list[Any]:
    """A grouped query's rows as the driver returns them, each read by position in the order of its
    `values`: tortoise converts every value through its field (~5 µs each), which cost more than the
    SQL itself on a month's 24,000 products. PostgreSQL answers sums as Decimal and timestamps as
    datetimes; SQLite may answer a decimal sum as a float and a timestamp as its text."""
    query._choose_db_if_not_chosen()
    query._make_query()  # tortoise's `sql()` would build the text a second time and drop the parameters
    _, rows = await connections.get("default").execute_query(*query.query.get_parameterized_sql())
    return list(rows)
