"""PostgreSQL's pool takes a connection back without asyncpg's reset query (app.db.keep_session), which
holds only while nothing leaves session state on a connection: settings are SET LOCAL, and no
advisory lock, cursor or LISTEN is taken. These tests hold both halves."""

from __future__ import annotations

import re

from tortoise import connections
from tortoise.transactions import in_transaction

from app import db
from app.settings import PROJECT_ROOT

SESSION_STATE = re.compile(
    r"""["']\s*(SET\s+(?!LOCAL\b)|RESET\b|LISTEN\b|DECLARE\b)|pg_(try_)?advisory_(lock|unlock)"""
)


def test_no_statement_of_the_project_leaves_state_on_its_session():
    found = [
        f"{path.relative_to(PROJECT_ROOT)}:{number}: {line.strip()}"
        for path in sorted((PROJECT_ROOT / "app").rglob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if SESSION_STATE.search(line)
    ]
    assert found == []


def test_the_scan_finds_a_session_setting():
    assert SESSION_STATE.search('await connection.execute_script("SET statement_timeout = 0")')
    assert SESSION_STATE.search("SELECT pg_advisory_lock(1)")
    assert SESSION_STATE.search("SELECT pg_try_advisory_lock_shared(1)")
    assert not SESSION_STATE.search("SELECT pg_try_advisory_xact_lock($1) AS locked")
    assert not SESSION_STATE.search('execute_script("SET LOCAL plan_cache_mode = force_custom_plan")')
    assert not SESSION_STATE.search('"UPDATE stock SET reserved = reserved + $1"')


async def test_a_returned_connection_keeps_no_transaction_setting(settings):
    """The pool runs keep_session, not the reset query; a SET LOCAL still ends with its transaction,
    and every pooled connection answers with the server's default afterwards."""
    client = connections.get("default")
    if not settings.uses_postgres:
        return
    assert client._pool._reset is db.keep_session
    assert client._pool._maxsize == settings.database_pool_size
    async with in_transaction() as connection:
        await connection.execute_script("SET LOCAL statement_timeout = '1234ms'")
        assert await connection.execute_query_dict("SHOW statement_timeout") == [{"statement_timeout": "1234ms"}]
    for _ in range(10):
        assert await client.execute_query_dict("SHOW statement_timeout") != [{"statement_timeout": "1234ms"}]
