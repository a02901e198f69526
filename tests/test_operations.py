"""What operators get: /metrics (latency and SQL by operation, live subscriptions, relay lag,
webhook failures) behind loopback or a token, JSON log lines carrying the request id, and the
security headers and X-Request-Id on every response."""

from __future__ import annotations

import io
import json
import logging
import logging.config
from dataclasses import replace

import httpx
import pytest
import websockets
from prometheus_client import REGISTRY

from app.main import create_app
from app.operations import APP_POLICY, GRAPHIQL_POLICY, log_config
from app.runtime import start_live
from tests.support import GraphQLClient, make_buyer, make_supplier
from tests.support_live import ORDER_UPDATED, WS_PROTOCOL, Subscriber, serve, wait_for
from tests.test_webhooks import deliver_one, fast_settings  # noqa: F401 (a fixture)

VIEWER = "{ viewer { roles } }"
RESET = 'mutation { passwordResetRequest(input: {login: "admin@acme.test"}) { requested } }'


def _client(app, address: str = "10.1.0.1") -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, client=(address, 40000)), base_url="http://testserver"
    )


def _sample(name: str, labels: dict | None = None) -> float:
    return REGISTRY.get_sample_value(name, labels or {}) or 0.0


async def test_metrics_show_latency_and_sql_by_operation_and_live_subscriptions(settings, runtime):
    live = await start_live(runtime)
    supplier = await make_supplier("acme")
    await make_buyer(supplier, "alpha")
    async with serve(create_app(settings, manage_resources=False)) as base:
        async with httpx.AsyncClient(base_url=f"http://{base}") as http:
            graphql = GraphQLClient(http)
            token = await graphql.token("buyer@alpha.test")
            for _ in range(3):
                await graphql.data(VIEWER, token=token)
            async with Subscriber.open(base, token, ORDER_UPDATED):
                await wait_for(lambda: live.hub.subscription_count == 1)
                during = (await http.get("/metrics")).text
            await wait_for(lambda: live.hub.subscription_count == 0)
            after = await http.get("/metrics")
    assert after.status_code == 200 and after.headers["content-type"].startswith("text/plain")
    assert "dinghuo_live_subscriptions 1.0" in during
    assert "dinghuo_live_subscriptions 0.0" in after.text
    assert 'dinghuo_request_duration_seconds_bucket{le="0.005",operation="query viewer"}' in after.text
    assert _sample("dinghuo_request_duration_seconds_count", {"operation": "query viewer"}) >= 3
    assert _sample("dinghuo_request_duration_seconds_count", {"operation": "mutation login"}) >= 1
    # a viewer costs its principal's queries (the test suite turns the principal cache off)
    assert _sample("dinghuo_sql_queries_per_request_sum", {"operation": "query viewer"}) >= 3
    for family in ("dinghuo_relay_lag_seconds", "dinghuo_webhook_delivery_failures"):
        assert f"# TYPE {family}" in after.text


async def test_metrics_count_relay_lag_and_webhook_failures(fast_settings):  # noqa: F811
    lag_before = _sample("dinghuo_relay_lag_seconds_count")
    retried_before = _sample("dinghuo_webhook_delivery_failures_total", {"outcome": "will_retry"})
    await deliver_one(fast_settings, [500, 500, 200])
    assert _sample("dinghuo_relay_lag_seconds_count") > lag_before
    assert _sample("dinghuo_webhook_delivery_failures_total", {"outcome": "will_retry"}) == retried_before + 2


async def test_metrics_are_refused_off_loopback_and_need_the_token_when_one_is_set(settings, clean_state):
    async with _client(create_app(settings, manage_resources=False)) as http:
        refused = await http.get("/metrics")
    assert refused.status_code == 403 and "dinghuo_" not in refused.text
    guarded = create_app(replace(settings, metrics_token="scrape-secret-123"), manage_resources=False)
    async with _client(guarded, "127.0.0.1") as http:
        assert (await http.get("/metrics")).status_code == 401
        assert (await http.get("/metrics", headers={"authorization": "Bearer wrong"})).status_code == 401
    async with _client(guarded) as http:
        allowed = await http.get("/metrics", headers={"authorization": "Bearer scrape-secret-123"})
    assert allowed.status_code == 200 and "dinghuo_live_subscriptions" in allowed.text


@pytest.fixture
def json_logs(settings):
    """The server's own logging configuration in JSON, writing to a buffer; restored afterwards."""
    root = logging.getLogger()
    saved = {name: (lg.handlers[:], lg.level, lg.propagate) for name, lg in _loggers(root).items()}
    buffer = io.StringIO()
    config = log_config(replace(settings, log_format="json"))
    config["handlers"]["main"]["stream"] = buffer
    logging.config.dictConfig(config)
    yield buffer
    for name, (handlers, level, propagate) in saved.items():
        logger = _loggers(root)[name]
        logger.handlers[:] = handlers
        logger.setLevel(level)
        logger.propagate = propagate


def _loggers(root: logging.Logger) -> dict[str, logging.Logger]:
    return {"": root, **{name: logging.getLogger(name) for name in ("uvicorn", "uvicorn.error", "uvicorn.access")}}


async def test_a_json_log_line_carries_the_request_id_and_operation(client, json_logs):
    await make_supplier("acme")
    response = await client.post(RESET, headers={"x-request-id": "trace-7"})
    assert response.json()["data"]["passwordResetRequest"]["requested"] is True
    lines = [json.loads(line) for line in json_logs.getvalue().splitlines()]
    sent = [line for line in lines if line["logger"] == "dinghuo.notifications"]
    assert sent, lines
    assert set(sent[0]) == {"time", "level", "logger", "message", "request_id", "operation"}
    assert sent[0]["request_id"] == "trace-7" and sent[0]["operation"] == "mutation passwordResetRequest"
    assert sent[0]["level"] == "INFO" and "password_reset" in sent[0]["message"]


def _assert_secured(response: httpx.Response, policy: str = APP_POLICY) -> None:
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["content-security-policy"] == policy
    assert "frame-ancestors 'none'" in policy
    assert len(response.headers["x-request-id"]) >= 8


async def test_every_response_carries_the_security_headers_and_a_request_id(settings, clean_state, tmp_path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<!doctype html><title>app</title>")
    (tmp_path / "assets" / "app-1.js").write_text("console.log(1)")
    app = create_app(replace(settings, web_dir=tmp_path), manage_resources=False)
    async with _client(app) as http:
        graphql = await http.post("/graphql", json={"query": VIEWER}, headers={"x-request-id": "client-id-1"})
        parse_error = await http.post("/graphql", json={"query": "{"})
        too_large = await http.post("/graphql", content=b"x" * (settings.max_body_bytes + 1))
        page, asset, missing = [await http.get(p) for p in ("/catalog", "/assets/app-1.js", "/assets/none.js")]
        graphiql = await http.get("/graphql", headers={"accept": "text/html"})
        odd_id = await http.get("/healthz", headers={"x-request-id": "bad id\twith junk"})
    assert graphql.headers["x-request-id"] == "client-id-1"
    assert (page.status_code, asset.status_code, missing.status_code, too_large.status_code) == (200, 200, 404, 413)
    for response in (graphql, parse_error, too_large, page, asset, missing, odd_id):
        _assert_secured(response)
    _assert_secured(graphiql, GRAPHIQL_POLICY)
    assert odd_id.headers["x-request-id"] != "bad id\twith junk"
    assert "strict-transport-security" not in graphql.headers

    hsts = create_app(replace(settings, hsts_seconds=600), manage_resources=False)
    async with _client(hsts) as http:
        assert (await http.get("/healthz")).headers["strict-transport-security"] == "max-age=600; includeSubDomains"


async def test_a_websocket_gets_its_request_id_too(settings, clean_state):
    async with serve(create_app(settings, manage_resources=False)) as base:
        async with websockets.connect(
            f"ws://{base}/graphql", subprotocols=[WS_PROTOCOL], additional_headers={"x-request-id": "ws-trace-1"}
        ) as ws:
            assert ws.response.headers["x-request-id"] == "ws-trace-1"
