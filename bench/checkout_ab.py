"""Two builds' cart add + checkout loaded in turns, so that both see the same machine.

    DINGHUO_DATABASE_URL=postgres://postgres@127.0.0.1:5432/scratch \
        .venv/bin/python bench/checkout_ab.py BEFORE_DIR AFTER_DIR [--slices 6] [--seconds 5] [--buyers 4]

BEFORE_DIR and AFTER_DIR are checkouts of the two builds (e.g. `git worktree add /tmp/before d7fae54`). Each
build gets its own PostgreSQL database (the one named in DINGHUO_DATABASE_URL with `_ab0` / `_ab1` added),
filled by its own code (the demo data, the bench buyers, stock enough), and its own `dinghuo serve` with one
worker. The buyers then order from one server for --seconds, then from the other, --slices times; it prints each
build's orders per second and its worker's and PostgreSQL's CPU per order over all its slices. On this machine
the speed moved by a third within minutes, more than most changes one wants to compare; slices of both builds
within the same minute see the same machine.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.checkout_bench import LOGIN, Buyer, checkouts, graphql, orderable_variants  # noqa: E402
from bench.common import (  # noqa: E402
    bench_environment,
    database_cpu_seconds,
    one_worker,
    recreate_postgres,
    server_cpu_seconds,
    wait_until_ready,
)

PREPARE = """
import asyncio
from bench.catalog_bench import prepare
from bench.checkout_bench import prepare_buyers

async def main():
    await prepare()
    print(" ".join(await prepare_buyers({buyers})))

asyncio.run(main())
"""


@dataclass
class Build:
    directory: Path
    env: dict[str, str]
    orders: int = 0
    seconds: float = 0.0
    worker_cpu: float = 0.0
    database_cpu: float = 0.0

    def report(self) -> str:
        return (
            f"{self.directory}: {self.orders / self.seconds:.1f} orders/s, CPU per order: worker"
            f" {self.worker_cpu / self.orders * 1000:.2f} ms (relay included), PostgreSQL"
            f" {self.database_cpu / self.orders * 1000:.2f} ms, over {self.orders} orders"
        )


async def prepared(directory: Path, database_url: str, buyers: int) -> tuple[Build, list[str]]:
    """A fresh database filled by the build's own code; the bench buyers' logins."""
    await recreate_postgres(database_url)
    env = {**bench_environment("checkout-ab"), "DINGHUO_DATABASE_URL": database_url}
    filled = subprocess.run(
        [sys.executable, "-c", PREPARE.format(buyers=buyers)],
        cwd=directory,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return Build(directory, env), filled.stdout.split()


async def buyers_of(url: str, logins: list[str], count: int) -> list[Buyer]:
    async with httpx.AsyncClient(timeout=60) as http:
        tokens = [(await graphql(http, url, LOGIN % login, None, None))["login"]["token"] for login in logins[:count]]
        supplier = (await graphql(http, url, "{ suppliers { id } }", None, tokens[0]))["suppliers"][0]["id"]
        variants = await orderable_variants(http, url, tokens[0])
    return [
        Buyer(token, supplier, variants[n % len(variants)], f"ab{n}-{time.time_ns()}") for n, token in enumerate(tokens)
    ]


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--slices", type=int, default=6)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--buyers", type=int, default=4)
    args = parser.parse_args()
    database_url = os.environ.get("DINGHUO_DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        sys.exit("Name a PostgreSQL server's scratch database in DINGHUO_DATABASE_URL.")

    builds, logins = [], []
    for number, directory in enumerate((args.before, args.after)):
        build, build_logins = await prepared(directory.resolve(), f"{database_url}_ab{number}", args.buyers)
        builds.append(build)
        logins.append(build_logins)
    with ExitStack() as servers:
        urls, groups = [], []
        for build, build_logins in zip(builds, logins, strict=True):
            # One at a time: a server not yet listening leaves its port free for the next to be given.
            url = servers.enter_context(one_worker(build.env, directory=build.directory))
            await wait_until_ready(url)
            urls.append(url)
            groups.append(await buyers_of(url, build_logins, args.buyers))
            await checkouts(url, groups[-1], 2)
        for _ in range(args.slices):
            for build, url, buyers in zip(builds, urls, groups, strict=True):
                worker, database = server_cpu_seconds(url), database_cpu_seconds()
                build.orders += len(await checkouts(url, buyers, args.seconds))
                build.worker_cpu += server_cpu_seconds(url) - worker
                build.database_cpu += database_cpu_seconds() - database
                build.seconds += args.seconds
    for build in builds:
        print(build.report())


if __name__ == "__main__":
    asyncio.run(main())
