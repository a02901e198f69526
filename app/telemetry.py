"""What the server tells its operators: the current request's id and operation (for logs and the
audit log), its SQL count, and the Prometheus metrics. `/metrics` (app/operations.py) serves them.

Core: it knows no context. Contexts report to the metrics here (the relay its lag, the webhook
dispatcher its failures); the server fills the request's details. The metrics are per process:
with several workers each serves its own, so scrape every worker or run one per address.
"""

from __future__ import annotations

import logging
from contextvars import ContextVar, Token
from dataclasses import dataclass

from prometheus_client import Counter, Gauge, Histogram
from tortoise import connections
from tortoise.backends.base import client as tortoise_client
from tortoise.context import get_current_context


@dataclass
class RequestInfo:
    """One HTTP request or websocket connection."""

    request_id: str
    operation: str | None = None
    sql_queries: int = 0


_current: ContextVar[RequestInfo | None] = ContextVar("request_info", default=None)


def current_request() -> RequestInfo | None:
    return _current.get()


def begin_request(request_id: str) -> tuple[RequestInfo, Token]:
    info = RequestInfo(request_id)
    return info, _current.set(info)


def end_request(token: Token) -> None:
    _current.reset(token)


def name_operation(name: str) -> None:
    """The GraphQL layer names the request once it knows its root field (e.g. `query products`)."""
    info = _current.get()
    if info is not None and info.operation is None:
        info.operation = name


REQUEST_SECONDS = Histogram(
    "dinghuo_request_duration_seconds",
    "Time to answer an HTTP request, by operation (GraphQL: type and first root field).",
    ["operation"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
SQL_PER_REQUEST = Histogram(
    "dinghuo_sql_queries_per_request",
    "SQL statements one HTTP request sent, by operation.",
    ["operation"],
    buckets=(0, 1, 2, 5, 10, 20, 50, 100, 200),
)
SUBSCRIBERS = Gauge("dinghuo_live_subscriptions", "GraphQL subscriptions this worker is serving now.")
RELAY_LAG_SECONDS = Histogram(
    "dinghuo_relay_lag_seconds",
    "From an outbox event's commit to its publication on the broker.",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
)
WEBHOOK_FAILURES = Counter(
    "dinghuo_webhook_delivery_failures",
    "Webhook delivery attempts that failed (an error, a timeout or a non-2xx answer), by outcome.",
    ["outcome"],
)


class StatementCounter(logging.LoggerAdapter):
    """Stands in for tortoise's `tortoise.db_client` logger on every database client: tortoise announces
    each statement there at DEBUG, and this counts it for the current request before passing it on.
    The logger makes no record unless it is open to DEBUG; a logging.Handler counting the same
    records made one per statement, ~6% of a worker placing orders."""

    SQL_VERBS = ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")

    def debug(self, msg, *args, **kwargs) -> None:
        query = args[0] if args else msg
        if isinstance(query, str) and query.lstrip()[:6].upper().startswith(self.SQL_VERBS):
            info = _current.get()
            if info is not None:
                info.sql_queries += 1
        self.logger.debug(msg, *args, **kwargs)


def count_sql() -> None:
    """Idempotent: the database clients open now and those opened later report to the counter."""
    counter = StatementCounter(logging.getLogger("tortoise.db_client"))
    # tortoise types the clients' logger as a Logger; the adapter answers every call a Logger does.
    tortoise_client.db_client_logger = counter  # type: ignore[assignment]  # each client opened from now on
    context = get_current_context()
    if context is None or not context.inited:
        return  # no database open yet
    for client in connections.all():
        client.log = counter
