"""Load generation shared by the benchmarks: bounded in count and time, loopback only."""

from __future__ import annotations

import asyncio
import socket
import statistics
import time

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def wait_until_ready(graphql_url: str) -> None:
    async with httpx.AsyncClient() as http:
        for _ in range(150):
            try:
                if (await http.get(graphql_url.replace("/graphql", "/readyz"))).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.2)
    raise RuntimeError("the server did not become ready")


async def drive(url: str, body: dict, token: str | None, seconds: float, concurrency: int) -> list[float]:
    """Sends the same request from `concurrency` clients for `seconds`; returns the latencies."""
    headers = {"authorization": f"Bearer {token}"} if token else {}
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds
    async with httpx.AsyncClient(limits=httpx.Limits(max_connections=concurrency), timeout=30) as http:

        async def worker() -> None:
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                response = await http.post(url, json=body, headers=headers)
                assert response.status_code == 200 and "errors" not in response.json(), response.text
                latencies.append(time.perf_counter() - started)

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies


def report(name: str, latencies: list[float], seconds: float) -> None:
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    print(
        f"{name:40s} {len(ordered) / seconds:8.1f} req/s   p50 {statistics.median(ordered) * 1000:6.1f} ms"
        f"   p99 {p99 * 1000:6.1f} ms"
    )
