"""Test set-up: one database per run, migrated with the committed migrations, emptied before
every test.

By default the suite runs on a temporary SQLite file and the in-process broker. With
DINGHUO_TEST_DATABASE_URL (postgres://...) and DINGHUO_TEST_REDIS_URL (redis://...) set it
runs on those services instead, and an unreachable service fails the run rather than
skipping it.
"""

from __future__ import annotations

import logging
import os
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from tortoise import Tortoise, connections

from app import wiring
from app.db import apply_migrations, close_db, init_db
from app.main import create_app
from app.runtime import get_runtime, start_live, start_runtime, stop_runtime
from app.settings import load_settings, override_settings
from tests.support import GraphQLClient, QueryCounter
from tests.support_live import RedisServer, live_api

TEST_SECRET_KEY = "test-secret-key-that-is-long-enough-0123456789"


def _test_environment(tmp_dir: Path) -> dict[str, str]:
    env = {
        "DINGHUO_DATABASE_URL": os.environ.get("DINGHUO_TEST_DATABASE_URL") or f"sqlite://{tmp_dir / 'test.sqlite3'}",
        "DINGHUO_SECRET_KEY": TEST_SECRET_KEY,
        "DINGHUO_PASSWORD_HASH_PROFILE": "fast",
        # Query-count tests count the principal's queries on every request; the tests of the
        # cache turn it on with the `principal_cache` fixture.
        "DINGHUO_PRINCIPAL_CACHE_SECONDS": "0",
        # Likewise the response cache would answer repeated reads with no query at all; its own
        # tests (tests/test_response_cache.py) build an app with it.
        "DINGHUO_RESPONSE_CACHE_ENTRIES": "0",
    }
    if os.environ.get("DINGHUO_TEST_REDIS_URL"):
        env["DINGHUO_REDIS_URL"] = os.environ["DINGHUO_TEST_REDIS_URL"]
    return env


async def _recreate_postgres_database(url: str) -> None:
    import asyncpg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = await asyncpg.connect(parts._replace(path="/postgres", scheme="postgresql").geturl())
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()


@pytest.fixture(scope="session")
def test_env() -> dict[str, str]:
    tmp_dir = Path(tempfile.mkdtemp(prefix="dinghuo-test-"))
    return _test_environment(tmp_dir)


@pytest.fixture(scope="session")
def settings(test_env):
    configured = load_settings(test_env)
    override_settings(configured)
    return configured


@pytest.fixture(scope="session", autouse=True)
async def database(settings):
    wiring.install()
    if settings.uses_postgres:
        await _recreate_postgres_database(settings.database_url)
    await init_db(settings)
    await apply_migrations()
    yield
    await close_db()


def _tables() -> list[str]:
    return [model._meta.db_table for model in Tortoise.apps["models"].values()]


async def _empty_tables(uses_postgres: bool) -> None:
    connection = connections.get("default")
    tables = _tables()
    if uses_postgres:
        quoted = ", ".join(f'"{t}"' for t in tables)
        await connection.execute_script(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")
        return
    statements = ["PRAGMA foreign_keys = OFF"] + [f'DELETE FROM "{t}"' for t in tables]
    await connection.execute_script(";\n".join(statements) + ";\nPRAGMA foreign_keys = ON;")


@pytest.fixture(autouse=True)
async def clean_state(settings, database):
    """Every test starts from empty tables and a fresh broker and rate limiter."""
    await _empty_tables(settings.uses_postgres)
    runtime = await start_runtime(settings)
    if runtime.redis is not None:
        await runtime.redis.flushdb()
    yield
    await stop_runtime()


@pytest.fixture
def runtime(clean_state):
    return get_runtime()


@pytest.fixture
async def principal_cache(settings, clean_state):
    """This test's worker remembers principals as a server does by default (5 s)."""
    await stop_runtime()
    runtime = await start_runtime(replace(settings, principal_cache_seconds=5))
    assert runtime.principal_cache is not None
    return runtime.principal_cache


@pytest.fixture
def app(settings):
    return create_app(settings, manage_resources=False)


@pytest.fixture
async def client(app):
    transport = httpx.ASGITransport(app=app, client=("10.1.0.1", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield GraphQLClient(http)


@pytest.fixture
def cli_database(settings):
    """A database of its own for the command-line tests, of the same kind as the suite's."""
    if settings.uses_postgres:
        parts = urlsplit(settings.database_url)
        url = parts._replace(path=parts.path + "_cli").geturl()
        subprocess.run(
            [
                "psql",
                parts._replace(path="/postgres", scheme="postgresql").geturl(),
                "-c",
                f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}_cli" WITH (FORCE)',
            ],
            check=True,
            capture_output=True,
        )
        return url
    return f"sqlite://{Path(tempfile.mkdtemp(prefix='dinghuo-cli-')) / 'cli.sqlite3'}"


@pytest.fixture
async def live(runtime):
    """The runtime's live events: the subscriptions hub, the relay and the broker."""
    return await start_live(runtime)


@pytest.fixture
async def api(settings, live):
    """A real server on loopback (uvicorn, websockets included) over the test's database; its host:port."""
    async with live_api(settings) as base:
        yield base


@pytest.fixture
def query_counter():
    counter = QueryCounter()
    logger = logging.getLogger("tortoise.db_client")
    previous_level = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(counter)
    yield counter
    logger.removeHandler(counter)
    logger.setLevel(previous_level)


@pytest.fixture
def own_redis():
    """A redis-server of the test's own, which the test may stop and start again."""
    redis = RedisServer()
    redis.start()
    yield redis
    redis.stop()
