"""Helpers for the live-event tests: a real uvicorn server, websocket subscribers, a Redis of our own."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass

import httpx
import uvicorn
import websockets

from app.main import create_app
from app.settings import PROJECT_ROOT

WS_PROTOCOL = "graphql-transport-ws"

ORDER_UPDATED = """
subscription ($orderId: ID) {
  orderUpdated(orderId: $orderId) {
    order { id number status paymentStatus fulfilmentStatus total { amount currency } }
    previousStatus occurredAt eventKind eventId
  }
}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@asynccontextmanager
async def serve(app, port: int | None = None):
    """Runs an ASGI app on 127.0.0.1 in this process; yields host:port."""
    port = port or free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            host="127.0.0.1",
            port=port,
            ws="websockets-sansio",
            log_level="warning",
            lifespan="on",
            timeout_graceful_shutdown=2,
        )
    )
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.02)
    try:
        yield f"127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


@asynccontextmanager
async def live_api(settings):
    async with serve(create_app(settings, manage_resources=False)) as base:
        yield base


class Subscriber:
    """One graphql-transport-ws connection running one subscription."""

    def __init__(self, ws):
        self.ws = ws
        self.pings = 0

    @classmethod
    @asynccontextmanager
    async def open(cls, base: str, token: str | None, query: str, variables: dict | None = None):
        async with cls.connect(base, token) as subscriber:
            await subscriber.subscribe(query, variables)
            yield subscriber

    @classmethod
    @asynccontextmanager
    async def connect(cls, base: str, token: str | None):
        """An acknowledged connection with no subscription yet."""
        async with websockets.connect(f"ws://{base}/graphql", subprotocols=[WS_PROTOCOL], max_queue=None) as ws:
            subscriber = cls(ws)
            await subscriber.init(token)
            yield subscriber

    async def init(self, token: str | None) -> None:
        payload = {"authorization": f"Bearer {token}"} if token else {}
        await self.ws.send(json.dumps({"type": "connection_init", "payload": payload}))
        ack = json.loads(await asyncio.wait_for(self.ws.recv(), 10))
        assert ack["type"] == "connection_ack", ack

    async def subscribe(self, query: str, variables: dict | None = None, id: str = "1") -> None:
        await self.ws.send(
            json.dumps({"id": id, "type": "subscribe", "payload": {"query": query, "variables": variables or {}}})
        )

    async def message(self, timeout: float = 10) -> dict:
        """The next message other than a keep-alive ping (which is answered), within `timeout`."""
        async with asyncio.timeout(timeout):
            return await self._message()

    async def _message(self) -> dict:
        while True:
            message = json.loads(await self.ws.recv())
            if message["type"] == "ping":
                self.pings += 1
                await self.ws.send(json.dumps({"type": "pong"}))
                continue
            return message

    async def next_data(self, timeout: float = 10) -> dict:
        message = await self.message(timeout)
        assert message["type"] == "next" and "errors" not in message["payload"], message
        return message["payload"]["data"]

    async def nothing_within(self, seconds: float) -> bool:
        try:
            message = await self.message(seconds)
        except TimeoutError:
            return True
        raise AssertionError(f"expected nothing, got {message}")


async def events_published(timeout: float = 10) -> None:
    """Waits until the relay has published every outbox row committed so far, so that a subscription opened next
    does not also receive what the test did before it: the relay paces its batches, and an event may go out some
    50 ms after its commit."""
    from app.outbox import OutboxEvent

    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while await OutboxEvent.filter(published_at=None).exists():
        if loop.time() > deadline:
            raise AssertionError("the relay did not publish the earlier events in time")
        await asyncio.sleep(0.01)


async def wait_for(predicate, timeout: float = 10, step: float = 0.01) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(step)


class RedisServer:
    """A redis-server of the test's own on a free port, which the test may stop and start again."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        assert binary, "redis-server must be installed"
        self.process = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(200):
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                import time

                time.sleep(0.02)
        raise AssertionError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@dataclass
class WorkerProcess:
    base: str
    process: subprocess.Popen


@contextmanager
def worker_process(
    test_env: dict[str, str], database_url: str, redis_url: str | None, **more_env: str
) -> Iterator[WorkerProcess]:
    """A real `dinghuo serve` process on its own port, ready when yielded; without a Redis URL it
    runs the in-process broker. Its log is printed at the end (pytest shows it when a test fails)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DINGHUO_")}
    env.update(test_env)
    env.pop("DINGHUO_REDIS_URL", None)
    env.update(DINGHUO_DATABASE_URL=database_url, DINGHUO_RELAY_POLL_MS="200", DINGHUO_LOG_LEVEL="warning")
    if redis_url:
        env["DINGHUO_REDIS_URL"] = redis_url
    env.update(more_env)
    log = tempfile.TemporaryFile(mode="w+")
    process = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--port", str(port)],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
        text=True,
    )
    base = f"127.0.0.1:{port}"
    try:
        for _ in range(300):
            if process.poll() is not None:
                raise AssertionError("worker exited")
            try:
                if httpx.get(f"http://{base}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            raise AssertionError("worker did not start")
        yield WorkerProcess(base, process)
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.seek(0)
        print(f"worker on port {port} logged:\n{log.read()}")
        log.close()
