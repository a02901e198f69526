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


class SqlCounter(logging.Handler):
    """Counts the SQL statements of the current request from tortoise's debug log.

    tortoise logs every statement at DEBUG on `tortoise.db_client`: the logger is opened to DEBUG
    for this handler and stops propagating, and records at the level the rest of the logs are
    kept at still reach the `tortoise` logger's handlers.
    """

    SQL_VERBS = ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")
    LOGGER = "tortoise.db_client"

    def __init__(self, forward_level: int) -> None:
        super().__init__(level=logging.DEBUG)
        self.forward_level = forward_level

    def emit(self, record: logging.LogRecord) -> None:
        query = record.args[0] if isinstance(record.args, tuple) and record.args else record.msg
        if isinstance(query, str) and query.lstrip()[:6].upper().startswith(self.SQL_VERBS):
            info = _current.get()
            if info is not None:
                info.sql_queries += 1
        if record.levelno >= self.forward_level:
            logging.getLogger("tortoise").handle(record)


def count_sql(forward_level: int) -> None:
    """Idempotent: attaches (or re-levels) the one counter."""
    logger = logging.getLogger(SqlCounter.LOGGER)
    for handler in list(logger.handlers):
        if isinstance(handler, SqlCounter):
            logger.removeHandler(handler)
    logger.addHandler(SqlCounter(forward_level))
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
