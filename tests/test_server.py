"""The server as a client meets it: a real uvicorn with websockets, the `dinghuo` command in a
subprocess, the committed schema.graphql and migrations matching the code."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys

import httpx
import pytest
import uvicorn
import websockets
from tortoise.context import require_context
from tortoise.migrations.autodetector import MigrationAutodetector

from app.cli import SCHEMA_FILE, schema_sdl
from app.db import tortoise_config
from app.main import create_app
from app.settings import PROJECT_ROOT
from tests.support import make_supplier

WS_PROTOCOL = "graphql-transport-ws"
MIGRATIONS = sorted(p.stem for p in (PROJECT_ROOT / "migrations").glob("[0-9]*.py"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
async def live_server(settings):
    port = free_port()
    config = uvicorn.Config(
        create_app(settings, manage_resources=False),
        host="127.0.0.1",
        port=port,
        ws="websockets-sansio",
        log_level="warning",
        lifespan="on",
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.02)
    yield f"127.0.0.1:{port}"
    server.should_exit = True
    await task


async def _login_token(base: str, login: str, password: str = "correct-horse-9") -> str:
    async with httpx.AsyncClient() as http:
        response = await http.post(
            f"http://{base}/graphql",
            json={"query": 'mutation { login(input: {login: "%s", password: "%s"}) { token } }' % (login, password)},
        )
    return response.json()["data"]["login"]["token"]


async def _ws_query(base: str, init_payload: dict | None, query: str) -> dict:
    async with websockets.connect(f"ws://{base}/graphql", subprotocols=[WS_PROTOCOL]) as ws:
        await ws.send(json.dumps({"type": "connection_init", "payload": init_payload or {}}))
        ack = json.loads(await asyncio.wait_for(ws.recv(), 5))
        assert ack["type"] == "connection_ack"
        await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": query}}))
        result = json.loads(await asyncio.wait_for(ws.recv(), 5))
        complete = json.loads(await asyncio.wait_for(ws.recv(), 5))
        assert complete == {"id": "1", "type": "complete"}
        return result


async def test_websocket_takes_the_token_in_connection_init(live_server):
    await make_supplier("acme")
    token = await _login_token(live_server, "admin@acme.test")
    query = "{ viewer { user { email } } }"
    authenticated = await _ws_query(live_server, {"authorization": f"Bearer {token}"}, query)
    assert authenticated["payload"]["data"] == {"viewer": {"user": {"email": "admin@acme.test"}}}
    assert authenticated["payload"]["extensions"]["cost"]["requestedQueryCost"] == 2
    bare_token = await _ws_query(live_server, {"token": token}, query)
    assert bare_token["payload"]["data"]["viewer"]["user"]["email"] == "admin@acme.test"
    anonymous = await _ws_query(live_server, None, query)
    assert "errors" not in anonymous["payload"] and anonymous["payload"]["data"] == {"viewer": None}


async def test_websocket_with_a_bad_token_is_closed_with_4403(live_server):
    async with websockets.connect(f"ws://{live_server}/graphql", subprotocols=[WS_PROTOCOL]) as ws:
        await ws.send(json.dumps({"type": "connection_init", "payload": {"authorization": "Bearer nope"}}))
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await asyncio.wait_for(ws.recv(), 5)
    assert closed.value.rcvd.code == 4403


async def test_live_server_answers_http_graphql_and_health(live_server):
    async with httpx.AsyncClient() as http:
        assert (await http.get(f"http://{live_server}/healthz")).status_code == 200
        assert (await http.get(f"http://{live_server}/readyz")).json()["status"] == "ok"
        response = await http.post(f"http://{live_server}/graphql", json={"query": "{ suppliers { name } }"})
    assert response.json()["data"] == {"suppliers": []}


def test_schema_graphql_matches_the_code():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_sdl(), (
        "schema.graphql is stale: run `dinghuo export-schema` and commit it"
    )


async def test_migrations_match_the_models(settings):
    apps_config = tortoise_config(settings)["apps"]
    writers = await MigrationAutodetector(require_context().apps, apps_config).changes()
    assert writers == [], "models changed without a migration: run `tortoise makemigrations`"


def _cli_env(test_env: dict[str, str], database: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DINGHUO_")}
    env.update(test_env)
    env["DINGHUO_DATABASE_URL"] = database
    return env


def _run_cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_bad_database_url_stops_start_up_with_a_clear_message(test_env):
    result = _run_cli(_cli_env(test_env, "mysql://localhost/shop"), "serve")
    assert result.returncode == 1
    assert (
        "configuration error: DINGHUO_DATABASE_URL='mysql://localhost/shop' has an unsupported scheme" in result.stderr
    )


def test_server_refuses_an_unmigrated_database(test_env, cli_database):
    result = _run_cli(_cli_env(test_env, cli_database), "serve")
    assert result.returncode == 1
    assert f"missing {len(MIGRATIONS)} migration(s)" in result.stderr and "dinghuo migrate" in result.stderr


def test_migrate_seed_serve_and_log_in_as_the_readme_says(test_env, cli_database):
    env = _cli_env(test_env, cli_database)
    migrated = _run_cli(env, "migrate")
    assert migrated.returncode == 0, migrated.stderr
    assert f"applied {len(MIGRATIONS)} migration(s)" in migrated.stdout
    for _ in range(2):
        seeded = _run_cli(env, "seed-demo")
        assert seeded.returncode == 0, seeded.stderr

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--port", str(port), "--workers", "2"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_until_ready(base, server)
        login = httpx.post(
            f"{base}/graphql",
            json={
                "query": 'mutation { login(input: {login: "admin@huaxin.demo", password: "demo12345"}) '
                "{ token userErrors { code } } }"
            },
        ).json()["data"]["login"]
        assert login["userErrors"] == []
        viewer = httpx.post(
            f"{base}/graphql",
            json={"query": "{ viewer { user { email } organization { name } roles } }"},
            headers={"authorization": f"Bearer {login['token']}"},
        ).json()
        assert {"data": viewer["data"]} == {
            "data": {
                "viewer": {
                    "user": {"email": "admin@huaxin.demo"},
                    "organization": {"name": "华鑫食品 Huaxin Foods"},
                    "roles": ["ADMIN"],
                }
            }
        }
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_until_ready(base: str, server: subprocess.Popen) -> None:
    for _ in range(150):
        if server.poll() is not None:
            raise AssertionError(f"server exited: {server.stderr.read()}")
        try:
            if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        import time

        time.sleep(0.2)
    raise AssertionError("server did not become ready")


def test_create_supplier_user_and_api_token_commands(test_env, cli_database):
    env = _cli_env(test_env, cli_database)
    assert _run_cli(env, "migrate").returncode == 0
    made = _run_cli(
        env,
        "create-supplier",
        "--code",
        "nova",
        "--name",
        "Nova Foods",
        "--admin-email",
        "boss@nova.test",
        "--admin-password",
        "nova-pass-1",
    )
    assert made.returncode == 0, made.stderr
    user = _run_cli(
        env,
        "create-user",
        "--org",
        "nova",
        "--name",
        "Appr",
        "--email",
        "appr@nova.test",
        "--password",
        "nova-pass-2",
        "--role",
        "APPROVER:2",
        "--role",
        "sales",
    )
    assert user.returncode == 0, user.stderr
    duplicate = _run_cli(
        env,
        "create-user",
        "--org",
        "nova",
        "--name",
        "Again",
        "--email",
        "appr@nova.test",
        "--password",
        "nova-pass-2",
        "--role",
        "SALES",
    )
    assert duplicate.returncode == 1 and "already registered" in duplicate.stderr
    bad_role = _run_cli(
        env,
        "create-user",
        "--org",
        "nova",
        "--name",
        "X",
        "--email",
        "x@nova.test",
        "--password",
        "nova-pass-2",
        "--role",
        "PURCHASER",
    )
    assert bad_role.returncode == 1 and "not a role in Nova Foods" in bad_role.stderr
    token = _run_cli(env, "create-api-token", "--org", "nova", "--name", "erp", "--scope", "customers:read")
    assert token.returncode == 0 and token.stdout.startswith("dhk_")


async def test_graphql_over_http_reference_audit_passes_every_audit(live_server):
    """graphql-http's serverAudits, MUST and SHOULD alike (`make setup` installs it)."""
    audit_dir = PROJECT_ROOT / "tests" / "http_audit"
    assert (audit_dir / "node_modules" / "graphql-http").exists(), "run `make setup` (npm ci in tests/http_audit)"
    process = await asyncio.create_subprocess_exec(
        "node",
        "audit.mjs",
        f"http://{live_server}/graphql",
        cwd=audit_dir,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output = (await asyncio.wait_for(process.communicate(), 120))[0].decode()
    assert process.returncode == 0, output
    assert " 0 failed (MUST), 0 warnings (SHOULD/MAY)" in output, output
