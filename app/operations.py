"""What the server does for its operators on every request: a request id, security headers,
latency and SQL metrics, `/metrics`, and logs as text or JSON lines (see README "Operations")."""

from __future__ import annotations

import hmac
import ipaddress
import json
import logging
import re
import time
import uuid
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app import telemetry
from app.runtime import get_runtime
from app.settings import Settings

REQUEST_ID_HEADER = "x-request-id"
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")

# The built web apps load only their own files; Element Plus and Vant set inline styles.
# Product images may live on any https host (the catalog stores their addresses). Vant's icon
# font names at.alicdn.com after its inline copy, and Chromium fetches it from there.
APP_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob: https:",
        "font-src 'self' data: at.alicdn.com",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
# GraphiQL (GET /graphql in a browser) is strawberry's page: inline scripts and unpkg.com.
GRAPHIQL_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' https://unpkg.com",
        "style-src 'self' 'unsafe-inline' https://unpkg.com",
        "img-src 'self' data: https:",
        "font-src 'self' data: https://unpkg.com",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
    )
)


def request_id_from(headers: list[tuple[bytes, bytes]]) -> str:
    """The client's X-Request-Id when it is short and plain, else a new one."""
    for name, value in headers:
        if name == REQUEST_ID_HEADER.encode():
            text = value.decode("latin-1")
            if _SANE_REQUEST_ID.fullmatch(text):
                return text
            break
    return uuid.uuid4().hex


def _route_name(path: str) -> str:
    """A label of bounded variety for requests that are not GraphQL operations."""
    if path == "/graphql":
        return "graphql"
    if path in {"/healthz", "/readyz", "/metrics"}:
        return path[1:]
    if path.startswith("/exports/"):
        return "export"
    return "web"


class RequestTelemetry:
    """Outermost middleware: gives each HTTP request and websocket a request id (echoed in the
    X-Request-Id header), adds the security headers to every response, and measures each HTTP
    request's time and SQL statements by operation."""

    def __init__(self, app: ASGIApp, hsts_seconds: int = 0):
        self.app = app
        self.hsts = f"max-age={hsts_seconds}; includeSubDomains" if hsts_seconds > 0 else None

    def security_headers(self, path: str, content_type: str) -> dict[str, str]:
        graphiql = path == "/graphql" and content_type.startswith("text/html")
        headers = {
            "x-content-type-options": "nosniff",
            "referrer-policy": "no-referrer",
            "x-frame-options": "DENY",
            "content-security-policy": GRAPHIQL_POLICY if graphiql else APP_POLICY,
        }
        if self.hsts:
            headers["strict-transport-security"] = self.hsts
        return headers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in {"http", "websocket"}:
            await self.app(scope, receive, send)
            return
        request_id = request_id_from(scope.get("headers", []))
        info, token = telemetry.begin_request(request_id)
        started = time.perf_counter()
        response_started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
                headers = MutableHeaders(scope=message)
                headers[REQUEST_ID_HEADER] = request_id
                for name, value in self.security_headers(scope["path"], headers.get("content-type", "")).items():
                    headers.setdefault(name, value)
            elif message["type"] == "websocket.accept":
                message = {**message, "headers": [*message.get("headers", []), (b"x-request-id", request_id.encode())]}
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            # Starlette's error handler sits outside every middleware: answer the 500 here, with
            # the headers, and let it log the fault.
            if scope["type"] == "http" and not response_started:
                await JSONResponse(
                    {"errors": [{"message": "Internal server error", "extensions": {"code": "INTERNAL_SERVER_ERROR"}}]},
                    status_code=500,
                )(scope, receive, send_with_headers)
            raise
        finally:
            if scope["type"] == "http":
                operation = info.operation or _route_name(scope["path"])
                telemetry.REQUEST_SECONDS.labels(operation).observe(time.perf_counter() - started)
                telemetry.SQL_PER_REQUEST.labels(operation).observe(info.sql_queries)
            telemetry.end_request(token)


def _loopback(request: Request) -> bool:
    try:
        return request.client is not None and ipaddress.ip_address(request.client.host).is_loopback
    except ValueError:
        return False


def metrics_endpoint(settings: Settings):
    """With DINGHUO_METRICS_TOKEN set, `/metrics` needs it as a bearer token (from anywhere);
    without, it answers only the loopback address it was asked from (never a forwarded one)."""

    async def metrics(request: Request) -> Response:
        if settings.metrics_token:
            scheme, _, given = request.headers.get("authorization", "").partition(" ")
            if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip(), settings.metrics_token):
                return Response("metrics need the bearer token\n", 401, {"www-authenticate": "Bearer"})
        elif not _loopback(request):
            return Response("metrics are served to loopback only unless DINGHUO_METRICS_TOKEN is set\n", 403)
        hub = get_runtime().hub
        telemetry.SUBSCRIBERS.set(hub.subscription_count if hub is not None else 0)
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return metrics


class RequestFields(logging.Filter):
    """Stamps every record with the current request's id and operation (or "-")."""

    def filter(self, record: logging.LogRecord) -> bool:
        info = telemetry.current_request()
        record.request_id = info.request_id if info else None
        record.operation = info.operation if info else None
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request_id, operation (+ error)."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": self.formatTime(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
            "operation": getattr(record, "operation", None),
        }
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802
        return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z"


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


def log_config(settings: Settings) -> dict:
    """uvicorn's logging configuration for `dinghuo serve`, applied in every worker: JSON lines
    when DINGHUO_LOG_FORMAT=json, human text otherwise; uvicorn's own and its access log too."""
    level = settings.log_level.upper()
    formatter = {"()": "app.operations.JsonFormatter"} if settings.log_format == "json" else {"format": TEXT_FORMAT}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request": {"()": "app.operations.RequestFields"}},
        "formatters": {"main": formatter},
        "handlers": {
            "main": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": "main",
                "filters": ["request"],
            }
        },
        "root": {"handlers": ["main"], "level": level},
        "loggers": {
            "uvicorn": {"handlers": [], "level": level, "propagate": True},
            "uvicorn.error": {"handlers": [], "level": level, "propagate": True},
            "uvicorn.access": {"handlers": [], "level": level, "propagate": True},
        },
    }
