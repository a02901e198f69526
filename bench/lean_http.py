"""A keep-alive HTTP/1.1 connection for load generation, on plain asyncio streams.

The load generators share the machine's 2 cores with the server they measure. httpx spent
~2.5 ms of CPU per checkout request here (its connection pool, header models, h11 state machine),
a quarter of what the server spent: CPU taken from the server. This client sends prepared bytes
and reads the status line, the headers and a Content-Length or chunked body, nothing more.
"""

from __future__ import annotations

import asyncio
import json
from urllib.parse import urlsplit


class HttpConnection:
    """One connection to the server at `url`, used by one client at a time."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self.path = parts.path or "/"
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def __aenter__(self) -> HttpConnection:
        self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        return self

    async def __aexit__(self, *_: object) -> None:
        if self._writer is not None:
            self._writer.close()
            await self._writer.wait_closed()

    async def post_json(self, body: dict, headers: dict[str, str]) -> tuple[int, dict]:
        """POSTs `body` as JSON; the response's status and its JSON body."""
        status, payload = await self.post(json.dumps(body).encode(), headers)
        return status, json.loads(payload)

    async def post(self, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        self._writer.write(
            f"POST {self.path} HTTP/1.1\r\nhost: {self.host}:{self.port}\r\ncontent-type: application/json\r\n"
            f"content-length: {len(body)}\r\n{head}\r\n".encode()
            + body
        )
        return await self._response()

    async def _response(self) -> tuple[int, bytes]:
        head = await self._reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        fields = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            fields[name.strip().lower()] = value.strip()
        status = int(status_line.split(" ", 2)[1])
        if "content-length" in fields:
            return status, await self._reader.readexactly(int(fields["content-length"]))
        if fields.get("transfer-encoding", "").lower() == "chunked":
            return status, await self._chunked_body()
        raise RuntimeError(f"a response with neither Content-Length nor chunked body: {head!r}")

    async def _chunked_body(self) -> bytes:
        parts = []
        while size := int((await self._reader.readline()).split(b";")[0], 16):
            parts.append((await self._reader.readexactly(size + 2))[:-2])
        await self._reader.readline()
        return b"".join(parts)
