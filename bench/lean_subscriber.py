"""A graphql-transport-ws subscriber that costs its process as little as a socket can.

The fan-out benchmark's subscribers share the machine with the server they measure. Through the
`websockets` client each arriving event cost its process ~100 µs (the frame reader, a queue, a
task switch per message): for 10,000 subscribers the four subscriber processes used more CPU than
the two workers, and the servers' events waited for a core behind their own audience. This client
is one asyncio protocol per socket on uvloop: it parses the server's (unmasked) frames in place,
answers pings (WebSocket and graphql-transport-ws) and records when each `order.placed` event
arrived. It speaks the protocol in full for what the benchmark uses and nothing more: no
fragmented frames (the server never fragments) and no compression (not offered).
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import struct
import time
from urllib.parse import urlsplit

TEXT, CLOSE, PING, PONG = 0x1, 0x8, 0x9, 0xA


def client_frame(opcode: int, payload: bytes) -> bytes:
    """A final, masked frame (RFC 6455 requires clients to mask)."""
    mask = os.urandom(4)
    length = len(payload)
    if length < 126:
        header = struct.pack("!BB", 0x80 | opcode, 0x80 | length)
    elif length < 1 << 16:
        header = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, length)
    else:
        header = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, length)
    key = (mask * (length // 4 + 1))[:length]
    masked = (int.from_bytes(payload, "big") ^ int.from_bytes(key, "big")).to_bytes(length, "big")
    return header + mask + masked


def server_frames(buffer: bytearray) -> list[tuple[int, bytes]]:
    """Takes every whole (unmasked) frame off the front of `buffer`."""
    frames = []
    while len(buffer) >= 2:
        opcode, length, offset = buffer[0] & 0x0F, buffer[1] & 0x7F, 2
        if length == 126:
            if len(buffer) < 4:
                break
            length, offset = struct.unpack_from("!H", buffer, 2)[0], 4
        elif length == 127:
            if len(buffer) < 10:
                break
            length, offset = struct.unpack_from("!Q", buffer, 2)[0], 10
        if len(buffer) < offset + length:
            break
        frames.append((opcode, bytes(buffer[offset : offset + length])))
        del buffer[: offset + length]
    return frames


class Subscriber(asyncio.Protocol):
    """One connection, one subscription: `ready` resolves once the server acknowledged it."""

    def __init__(self, url: str, token: str, query: str, arrivals: dict[str, list[float]]) -> None:
        self.url = urlsplit(url)
        self.token = token
        self.query = query
        self.arrivals = arrivals
        self.buffer = bytearray()
        self.upgraded = False
        self.ready: asyncio.Future = asyncio.get_running_loop().create_future()
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport) -> None:  # type: ignore[override]
        self.transport = transport
        key = base64.b64encode(os.urandom(16)).decode()
        transport.write(
            (
                f"GET {self.url.path} HTTP/1.1\r\nHost: {self.url.netloc}\r\nUpgrade: websocket\r\n"
                f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                "Sec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n"
            ).encode()
        )

    def data_received(self, data: bytes) -> None:
        now = time.monotonic()
        self.buffer += data
        if not self.upgraded and not self._upgrade():
            return
        for opcode, payload in server_frames(self.buffer):
            if opcode == TEXT:
                self._message(json.loads(payload), now)
            elif opcode == PING:
                self._send(PONG, payload)
            elif opcode == CLOSE:
                self._fail(f"the server closed the connection: {payload!r}")

    def connection_lost(self, exc: Exception | None) -> None:
        self._fail(f"the connection was lost: {exc!r}")

    def _upgrade(self) -> bool:
        end = self.buffer.find(b"\r\n\r\n")
        if end < 0:
            return False
        status = bytes(self.buffer[: self.buffer.find(b"\r\n")])
        if b" 101 " not in status:
            self._fail(f"the upgrade was refused: {status!r}")
            return False
        del self.buffer[: end + 4]
        self.upgraded = True
        self._send_json({"type": "connection_init", "payload": {"authorization": f"Bearer {self.token}"}})
        return True

    def _message(self, message: dict, now: float) -> None:
        kind = message["type"]
        if kind == "next":
            update = message["payload"]["data"]["orderUpdated"]
            if update["eventKind"] == "order.placed":
                self.arrivals.setdefault(update["order"]["number"], []).append(now)
        elif kind == "ping":
            self._send_json({"type": "pong"})
        elif kind == "connection_ack":
            self._send_json({"id": "1", "type": "subscribe", "payload": {"query": self.query}})
            self.ready.set_result(None)
        elif kind in ("error", "complete"):
            self._fail(f"the subscription ended: {message}")

    def _send_json(self, message: dict) -> None:
        self._send(TEXT, json.dumps(message).encode())

    def _send(self, opcode: int, payload: bytes) -> None:
        assert self.transport is not None
        self.transport.write(client_frame(opcode, payload))

    def _fail(self, why: str) -> None:
        if not self.ready.done():
            self.ready.set_exception(RuntimeError(why))


async def subscribe(url: str, token: str, query: str, arrivals: dict[str, list[float]]) -> Subscriber:
    """Connects, subscribes and returns once the server acknowledged the connection."""
    split = urlsplit(url)
    _, subscriber = await asyncio.get_running_loop().create_connection(
        lambda: Subscriber(url, token, query, arrivals), split.hostname, split.port
    )
    await subscriber.ready
    return subscriber
