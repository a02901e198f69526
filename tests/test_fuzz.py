"""Fuzzing (issue 22): queries and mutations generated from schema.graphql by hypothesis-graphql,
with random arguments (NUL characters included), sent through the ASGI app as a buyer, a
supplier admin and an anonymous visitor. Every answer is below 500, no error is an
INTERNAL_SERVER_ERROR and nothing is logged at ERROR.

Bounded for the test command: at most DINGHUO_FUZZ_EXAMPLES documents (60), and none sent
after DINGHUO_FUZZ_SECONDS (60); set both higher to fuzz longer locally."""

from __future__ import annotations

import asyncio
import logging
import os
import time
from dataclasses import replace

import graphql
import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import mutations, nodes, queries

from app.main import create_app
from app.runtime import start_runtime, stop_runtime
from app.settings import PROJECT_ROOT
from tests.support import make_buyer, make_shop

FUZZ_SECONDS = float(os.environ.get("DINGHUO_FUZZ_SECONDS", "60"))
FUZZ_EXAMPLES = int(os.environ.get("DINGHUO_FUZZ_EXAMPLES", "60"))
SCHEMA = graphql.build_schema((PROJECT_ROOT / "schema.graphql").read_text())
# Our scalars are strings on the wire: valid ones mostly, any text sometimes.
SCALARS = {
    "Date": st.one_of(st.dates().map(lambda d: d.isoformat()), st.text(max_size=12)).map(nodes.String),
    "DateTime": st.one_of(st.datetimes().map(lambda d: d.isoformat() + "+00:00"), st.text(max_size=12)).map(
        nodes.String
    ),
    "Time": st.one_of(st.times().map(lambda t: t.isoformat()), st.text(max_size=8)).map(nodes.String),
    "Decimal": st.one_of(st.decimals(allow_nan=True).map(str), st.text(max_size=12)).map(nodes.String),
    # A document carries no file; an upload mutation must answer whatever stands in its place.
    "Upload": st.text(max_size=12).map(nodes.String),
}
DOCUMENTS = st.one_of(queries(SCHEMA, custom_scalars=SCALARS), mutations(SCHEMA, custom_scalars=SCALARS))
# Cost limits may refuse a generated request (THROTTLED, MAX_COST_EXCEEDED are fine answers);
# a roomier budget lets more of them run.
ROOMY = {"query_cost_budget": 10**9, "query_cost_restore_rate": 10**6}


class ErrorRecords(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
async def fuzz_client(settings, clean_state):
    roomy = replace(settings, **ROOMY)
    await stop_runtime()
    await start_runtime(roomy)
    supplier, _, _ = await make_shop("fuzz")
    await make_buyer(supplier, "fuzz-buyer")
    transport = httpx.ASGITransport(app=create_app(roomy, manage_resources=False), client=("10.8.0.1", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        tokens = {"anonymous": None}
        for caller, login in (("buyer", "buyer@fuzz-buyer.test"), ("supplier admin", "admin@fuzz.test")):
            body = (
                await http.post(
                    "/graphql",
                    json={
                        "query": 'mutation { login(input: {login: "%s", password: "correct-horse-9"}) { token } }'
                        % login
                    },
                )
            ).json()
            tokens[caller] = body["data"]["login"]["token"]
        yield http, tokens


@pytest.fixture
def error_log():
    handler = ErrorRecords()
    root = logging.getLogger()
    root.addHandler(handler)
    yield handler
    root.removeHandler(handler)


async def test_generated_queries_and_mutations_never_fail_inside(fuzz_client, error_log):
    """Hypothesis runs in a thread of its own (it drives plain functions); each request is sent
    on the test's event loop, where the app and the database live."""
    http, tokens = fuzz_client
    loop = asyncio.get_running_loop()
    started = time.monotonic()
    sent: list[int] = []

    async def send(document: str, caller: str) -> httpx.Response:
        token = tokens[caller]
        headers = {"authorization": f"Bearer {token}"} if token else {}
        return await http.post("/graphql", json={"query": document}, headers=headers)

    @settings(max_examples=FUZZ_EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(document=DOCUMENTS, caller=st.sampled_from(sorted(tokens)))
    def one_request(document: str, caller: str) -> None:
        if time.monotonic() - started > FUZZ_SECONDS:
            return
        response = asyncio.run_coroutine_threadsafe(send(document, caller), loop).result()
        sent.append(response.status_code)
        assert response.status_code < 500, (caller, document, response.text)
        body = response.json()
        codes = [e.get("extensions", {}).get("code") for e in body.get("errors") or []]
        assert "INTERNAL_SERVER_ERROR" not in codes, (caller, document, body)
        assert not error_log.records, (caller, document, [r.getMessage() for r in error_log.records])

    await asyncio.to_thread(one_request)
    print(f"\nfuzzed {len(sent)} requests in {time.monotonic() - started:.0f} s")
    assert len(sent) >= min(FUZZ_EXAMPLES, 20)
