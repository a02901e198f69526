"""The tortoise configuration and lifecycle shared by the server, the CLI, migrations and tests."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from tortoise import Tortoise, connections
from tortoise.migrations.executor import MigrationExecutor

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
    "app.outbox",
    "app.webhooks.models",
    "app.audit.models",
]
APP_LABEL = "models"
MIGRATIONS_MODULE = "migrations"


class DatabaseNotMigrated(RuntimeError):
    """The schema lags the code: the server must not answer on it."""


def tortoise_config(settings: Settings) -> dict:
    return {
        "connections": {"default": settings.tortoise_database_url},
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


def __getattr__(name: str) -> dict:
    """`tortoise makemigrations` reads TORTOISE_ORM; build it only when asked."""
    if name == "TORTOISE_ORM":
        return tortoise_config(get_settings())
    raise AttributeError(name)
