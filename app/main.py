"""create_app(): the Starlette application, its routes and its lifespan."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse
from starlette.routing import Route, WebSocketRoute
from starlette.types import ASGIApp, Receive, Scope, Send
from strawberry.subscriptions import (
    GRAPHQL_SSE_PROTOCOL,
    GRAPHQL_TRANSPORT_WS_PROTOCOL,
    GRAPHQL_WS_PROTOCOL,
)

from app import telemetry, wiring
from app.db import close_db, init_db, ping_db, require_migrated
from app.operations import RequestTelemetry, metrics_endpoint
from app.runtime import freeze_start_up_objects, get_runtime, start_live, start_runtime, stop_runtime
from app.settings import Settings, get_settings
from app.web import web_app_route
from schema.errors import RequestErrorCode
from schema.exports import ROUTES as EXPORT_ROUTES
from schema.http import GraphQLEndpoint
from schema.persisted_queries import PersistedQueries
from schema.response_cache import ResponseCache
from schema.root import build_schema

log = logging.getLogger("dinghuo")


class BodySizeLimit:
    """Refuses request bodies above the limit before they are read into memory."""

    def __init__(self, app: ASGIApp, max_bytes: int, max_upload_bytes: int):
        self.app = app
        self.max_bytes = max_bytes
        self.max_upload_bytes = max_upload_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        is_upload = headers.get(b"content-type", b"").lower().startswith(b"multipart/form-data")
        limit = self.max_upload_bytes if is_upload else self.max_bytes
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await self._refuse(limit, scope, receive, send)
            return
        received = 0

        async def counted_receive():
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                raise BodyTooLarge()
            return message

        try:
            await self.app(scope, counted_receive, send)
        except BodyTooLarge:
            await self._refuse(limit, scope, receive, send)

    async def _refuse(self, limit: int, scope: Scope, receive: Receive, send: Send) -> None:
        response = JSONResponse(
            {
                "errors": [
                    {
                        "message": f"Request body exceeds {limit} bytes.",
                        "extensions": {"code": RequestErrorCode.BODY_TOO_LARGE.value},
                    }
                ]
            },
            status_code=413,
        )
        await response(scope, receive, send)


class BodyTooLarge(Exception):
    pass


class QuietClientDisconnect:
    """A client that hangs up mid-request is routine, not a server fault: log it, no traceback."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await self.app(scope, receive, send)
        except ClientDisconnect:
            log.info("client went away before the request was read: %s %s", scope.get("method"), scope.get("path"))


async def healthz(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> JSONResponse:
    checks: dict[str, str] = {}
    for name, probe in (("database", ping_db), ("broker", lambda: get_runtime().broker.ping())):
        try:
            await probe()
            checks[name] = "ok"
        except Exception as error:  # a readiness probe reports any failure, it never raises
            checks[name] = f"unavailable: {type(error).__name__}: {error}"
    ready = all(value == "ok" for value in checks.values())
    body: dict = {"status": "ok" if ready else "unavailable", "checks": checks}
    hub = get_runtime().hub
    if hub is not None:
        body["liveSubscriptions"] = hub.subscription_count
    return JSONResponse(body, 200 if ready else 503)


def create_app(settings: Settings | None = None, *, manage_resources: bool = True) -> Starlette:
    """`manage_resources=False` leaves the database and runtime to the caller (tests)."""
    settings = settings or get_settings()
    wiring.install()
    telemetry.count_sql()

    @asynccontextmanager
    async def lifespan(app: Starlette):
        if not manage_resources:
            yield
            return
        await init_db(settings)
        try:
            await require_migrated()
            await start_live(await start_runtime(settings))
            freeze_start_up_objects()
            log.info(
                "dinghuo ready: database %s, broker %s",
                settings.uses_postgres and "postgres" or "sqlite",
                settings.redis_url and "redis" or "in-process",
            )
            yield
        finally:
            await stop_runtime()
            await close_db()

    graphql = GraphQLEndpoint(
        build_schema(settings),
        keep_alive=True,
        multipart_uploads_enabled=True,
        keep_alive_interval=settings.ws_keepalive_seconds,
        subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL, GRAPHQL_WS_PROTOCOL, GRAPHQL_SSE_PROTOCOL),
        persisted_queries=PersistedQueries(settings.persisted_query_cache_size, settings.persisted_query_redis_ttl),
        response_cache=ResponseCache(settings.response_cache_entries, settings.response_cache_seconds)
        if settings.response_cache_entries > 0
        else None,
    )
    middleware = [
        Middleware(RequestTelemetry, hsts_seconds=settings.hsts_seconds),
        Middleware(QuietClientDisconnect),
        Middleware(BodySizeLimit, max_bytes=settings.max_body_bytes, max_upload_bytes=settings.max_upload_bytes),
    ]
    if settings.cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(settings.cors_origins),
                allow_methods=["GET", "POST", "OPTIONS"],
                allow_headers=["authorization", "content-type", "accept"],
            )
        )
    return Starlette(
        routes=[
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/metrics", metrics_endpoint(settings)),
            Route("/graphql", graphql, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),
            *EXPORT_ROUTES,
            web_app_route(settings.web_dir),
        ],
        middleware=middleware,
        lifespan=lifespan,
    )
