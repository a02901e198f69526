"""Load generation shared by the benchmarks: bounded in count and time, loopback only."""

from __future__ import annotations

import asyncio
import gc
import json
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from bench.lean_http import HttpConnection

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """Any free port, or the first free one of DINGHUO_BENCH_PORTS (e.g. 8860-8869) on a shared machine."""
    first, _, last = os.environ.get("DINGHUO_BENCH_PORTS", "0-0").partition("-")
    for port in range(int(first), int(last or first) + 1):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise RuntimeError(f"no free port in DINGHUO_BENCH_PORTS={os.environ['DINGHUO_BENCH_PORTS']}")


def bench_environment(name: str) -> dict[str, str]:
    """The server's settings, also applied to this process: a scratch SQLite file unless
    DINGHUO_DATABASE_URL names a database."""
    env = dict(os.environ)
    env.setdefault("DINGHUO_DATABASE_URL", f"sqlite://{Path(tempfile.mkdtemp()) / f'{name}.sqlite3'}")
    env.setdefault("DINGHUO_SECRET_KEY", "bench-secret-key-0123456789-abcdefghijkl")
    env["DINGHUO_LOG_LEVEL"] = "warning"
    # One buyer drives every request: its query cost budget (20,000, refilled at 1,000 a second)
    # would throttle it long before the server is the limit. The cost is still counted and charged.
    env.setdefault("DINGHUO_QUERY_COST_BUDGET", "100000000")
    env.setdefault("DINGHUO_QUERY_COST_RESTORE_RATE", "10000000")
    os.environ.update(env)
    return env


@contextmanager
def one_worker(env: dict[str, str], workers: int = 1, directory: Path = ROOT) -> Iterator[str]:
    """`dinghuo serve` with one worker (or `workers`) on a free loopback port, from this checkout or the one in
    `directory`; yields its GraphQL URL."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--port", str(port), "--workers", str(workers)],
        cwd=directory,
        env=env,
    )
    url = f"http://127.0.0.1:{port}/graphql"
    _server_pids[url] = server.pid
    try:
        yield url
    finally:
        del _server_pids[url]
        server.terminate()
        server.wait(timeout=30)


_server_pids: dict[str, int] = {}


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds process `pid` has used (Linux /proc); 0 once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return found + [grandchild for child in found for grandchild in _children(child)]


def server_cpu_seconds(graphql_url: str) -> float:
    """CPU seconds used so far by the server `one_worker` or `reference_server` started at `graphql_url`, its
    workers included:
    the difference over a run, per request, holds steady while neighbours steal wall-clock time."""
    pid = _server_pids[graphql_url]
    return sum(_cpu_seconds(each) for each in [pid, *_children(pid)])


def database_cpu_seconds() -> float:
    """CPU seconds used so far by the local PostgreSQL server's processes (0 without one)."""
    total = 0.0
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if (proc / "comm").read_text().strip() in ("postgres", "postmaster"):
                total += _cpu_seconds(int(proc.name))
        except OSError:
            continue
    return total


async def wait_until_ready(graphql_url: str) -> None:
    async with httpx.AsyncClient() as http:
        for _ in range(600):
            try:
                if (await http.get(graphql_url.replace("/graphql", "/readyz"))).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.2)
    raise RuntimeError("the server did not become ready")


CLIENT_PROCESSES = 4


async def drive(
    url: str, body: dict, token: str | None, seconds: float, concurrency: int, processes: int = CLIENT_PROCESSES
) -> list[float]:
    """Sends the same request from `concurrency` clients, spread over `processes` processes, for
    `seconds`, each on its own connection (bench/lean_http.py); returns the latencies. One process's httpx
    client topped out near 600 req/s at 16 connections on this machine and queued the rest in itself: the
    server answered every cached page in under 5 ms by its own metrics while this client saw a p99 of 155 ms
    (2 processes × 8: 47 ms)."""
    shares = [
        share for index in range(processes) if (share := concurrency // processes + (index < concurrency % processes))
    ]
    with multiprocessing.get_context("spawn").Pool(len(shares)) as pool:
        results = await asyncio.to_thread(
            pool.starmap, _drive_in_process, [(url, body, token, seconds, share) for share in shares]
        )
    return [latency for latencies in results for latency in latencies]


def _drive_in_process(url: str, body: dict, token: str | None, seconds: float, concurrency: int) -> list[float]:
    return asyncio.run(_drive(url, body, token, seconds, concurrency))


async def _drive(url: str, body: dict, token: str | None, seconds: float, concurrency: int) -> list[float]:
    settle_collector()
    headers = {"authorization": f"Bearer {token}"} if token else {}
    request = json.dumps(body).encode()
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        async with HttpConnection(url) as connection:
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                status, response = await connection.post(request, headers)
                assert status == 200 and b'"errors"' not in response, response
                latencies.append(time.perf_counter() - started)

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies


def settle_collector() -> None:
    """A load generator's full collections over what it loaded before would stall its clients at once,
    counted as the server's latency: freeze what exists before the clock starts."""
    gc.collect()
    gc.freeze()


def report(name: str, latencies: list[float], seconds: float, reference: float | None = None) -> float:
    """Prints requests per second, p50 and p99 (and the ratio to a reference's req/s); returns the req/s."""
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    rate = len(ordered) / seconds
    ratio = f"   {rate / reference:5.2f}x ref" if reference else ""
    print(
        f"{name:40s} {rate:8.1f} req/s   p50 {statistics.median(ordered) * 1000:6.1f} ms"
        f"   p99 {p99 * 1000:6.1f} ms{ratio}"
    )
    return rate


@contextmanager
def reference_server(env: dict[str, str]) -> Iterator[str]:
    """bench/reference_server.py under uvicorn with one worker; yields its GraphQL URL."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "bench.reference_server:app", "--port", str(port), "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    url = f"http://127.0.0.1:{port}/graphql"
    _server_pids[url] = server.pid
    try:
        yield url
    finally:
        del _server_pids[url]
        server.terminate()
        server.wait(timeout=30)


async def recreate_postgres(url: str) -> None:
    """Drops the scratch PostgreSQL database the bench was given; `ensure_database` creates it again."""
    from urllib.parse import urlsplit

    import asyncpg

    parts = urlsplit(url)
    name = parts.path.lstrip("/").replace('"', "")
    admin = await asyncpg.connect(parts._replace(path="/postgres", scheme="postgresql").geturl())
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()
