"""Throughput and latency of the foundation's hot paths on one worker.

    .venv/bin/python bench/api_bench.py [--buyers 200] [--seconds 10] [--concurrency 16]

Builds a fresh SQLite database (or the PostgreSQL database in DINGHUO_DATABASE_URL, which it
empties) with one supplier and N approved buyers, starts `dinghuo serve` with one worker, and
drives it from this process over loopback for a fixed time per query. Client and server share the
machine's cores, so compare figures from one run, never across machines.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import drive, free_port, report, wait_until_ready  # noqa: E402

PASSWORD = "bench-pass-1"

QUERIES = {
    "viewer": "{ viewer { user { email } organization { name } roles } }",
    "customerAccounts(first: 50)": """{ customerAccounts(first: 50) { totalCount edges { cursor node {
        id status tier creditLimit { amount currency } supplier { name } buyer { name }
        salesRep { name } } } } }""",
}


async def build_data(buyers: int) -> None:
    from app.accounts import service
    from app.accounts.auth import principal_for_user
    from app.accounts.models import Role, User
    from app.accounts.permissions import ANONYMOUS
    from app.db import apply_migrations, close_db, ensure_database, init_db
    from app.runtime import start_runtime, stop_runtime
    from app.settings import get_settings

    settings = get_settings()
    await ensure_database(settings)
    await init_db(settings)
    await apply_migrations()
    await start_runtime(settings)
    supplier = await service.create_organization(code="bench", name="Bench Foods", can_sell=True, can_buy=False)
    admin = await service.create_user(
        supplier, service.NewUser(name="Admin", password=PASSWORD, email="admin@bench.test"), {Role.ADMIN: None}
    )
    rep = await service.create_user(
        supplier, service.NewUser(name="Rep", password=PASSWORD, email="rep@bench.test"), {Role.SALES: None}
    )
    admin_principal = await principal_for_user(await User.get(id=admin.id).select_related("organization"))
    for n in range(buyers):
        account, _ = await service.register_buyer(
            ANONYMOUS,
            service.Registration(
                supplier_id=supplier.id,
                company_name=f"Buyer {n}",
                contact_name=None,
                user=service.NewUser(name=f"b{n}", password=PASSWORD, email=f"b{n}@bench.test"),
            ),
        )
        terms = {"tier": "A", "sales_rep_id": rep.id}
        await service.approve_customer_account(
            admin_principal, account.id, service.CustomerTerms(**terms, fields_set=frozenset(terms))
        )
    await stop_runtime()
    await close_db()


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--buyers", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()

    env = dict(os.environ)
    env.setdefault("DINGHUO_DATABASE_URL", f"sqlite://{Path(tempfile.mkdtemp()) / 'bench.sqlite3'}")
    env["DINGHUO_SECRET_KEY"] = env.get("DINGHUO_SECRET_KEY", "bench-secret-key-0123456789-abcdefghijkl")
    env["DINGHUO_LOGIN_FAILURES_PER_ADDRESS"] = "1000000"
    env["DINGHUO_LOG_LEVEL"] = "warning"
    os.environ.update({**env, "DINGHUO_PASSWORD_HASH_PROFILE": "fast"})
    await build_data(args.buyers)

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--port", str(port), "--workers", "1"], cwd=ROOT, env=env
    )
    url = f"http://127.0.0.1:{port}/graphql"
    try:
        await wait_until_ready(url)
        async with httpx.AsyncClient() as http:
            login = await http.post(
                url,
                json={
                    "query": f'mutation {{ login(input: {{login: "admin@bench.test", password: "{PASSWORD}"}}) {{ token }} }}'
                },
            )
            token = login.json()["data"]["login"]["token"]
        print(f"{args.buyers} customer accounts, {args.concurrency} concurrent clients, {args.seconds:.0f} s each")
        for name, query in QUERIES.items():
            await drive(url, {"query": query}, token, 1, args.concurrency)
            report(name, await drive(url, {"query": query}, token, args.seconds, args.concurrency), args.seconds)
        login_body = {
            "query": f'mutation {{ login(input: {{login: "rep@bench.test", password: "{PASSWORD}"}}) {{ token }} }}'
        }
        report("login (argon2)", await drive(url, login_body, None, args.seconds, 4), args.seconds)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    asyncio.run(main())
