"""Limits on what one request may ask for, and the code every top-level error carries."""

from __future__ import annotations

import logging

from graphql import get_introspection_query

from app.main import create_app


def _nested_of_type(levels: int) -> str:
    inner = "name"
    for _ in range(levels):
        inner = f"ofType {{ {inner} }}"
    return f"{{ __schema {{ types {{ fields {{ type {{ {inner} }} }} }} }} }}"


def codes(body: dict) -> list[str]:
    return [error["extensions"]["code"] for error in body["errors"]]


async def test_deep_introspection_is_refused_with_a_code(client, settings):
    body = (await client.post(_nested_of_type(16))).json()  # 20 levels under __schema
    assert "data" not in body or body["data"] is None
    assert codes(body) == ["MAX_DEPTH_EXCEEDED"]
    assert f"limit of {settings.max_introspection_depth} levels" in body["errors"][0]["message"]


async def test_introspection_depth_counts_through_fragments(client):
    query = """
    query { __schema { types { ...Deep } } }
    fragment Deep on __Type { fields { type { ofType { ofType { ofType { ofType { ofType { ofType {
      ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } } } } } }
    """
    assert codes((await client.post(query)).json()) == ["MAX_DEPTH_EXCEEDED"]


async def test_the_standard_introspection_queries_still_work(client):
    """What GraphiQL, graphql-js's getIntrospectionQuery and gql.tada's schema download send."""
    for options in (
        {},
        {
            "descriptions": True,
            "specified_by_url": True,
            "directive_is_repeatable": True,
            "schema_description": True,
            "input_value_deprecation": True,
        },
    ):
        data = await client.data(get_introspection_query(**options))
        assert data["__schema"]["queryType"]["name"] == "Query"
    assert (await client.data('{ __type(name: "Product") { name fields { name } } }'))["__type"]["name"] == "Product"


async def test_deep_data_queries_are_refused_with_a_code(client, settings):
    pairs = settings.max_query_depth // 2
    query = "{ products { edges { node { " + "variants { product { " * pairs + "id" + " } }" * pairs + " } } } }"
    body = (await client.post(query)).json()
    assert codes(body) == ["MAX_DEPTH_EXCEEDED"]


async def test_too_many_aliases_and_tokens_have_their_codes(client, settings):
    aliases = " ".join(f"a{n}: viewer {{ roles }}" for n in range(settings.max_aliases + 1))
    assert codes((await client.post("{ " + aliases + " }")).json()) == ["MAX_ALIASES_EXCEEDED"]
    tokens = " ".join(f"a{n}: __typename" for n in range(settings.max_query_tokens))
    assert codes((await client.post("{ " + tokens + " }")).json()) == ["MAX_TOKENS_EXCEEDED"]


async def test_parse_errors_and_bad_requests_have_codes(client):
    assert codes((await client.post("{ viewer {")).json()) == ["GRAPHQL_PARSE_FAILED"]
    not_json = await client.http.post("/graphql", content=b"{", headers={"content-type": "application/json"})
    assert not_json.status_code == 400
    assert codes(not_json.json()) == ["BAD_REQUEST"]
    no_query = await client.http.post("/graphql", json={"variables": {}})
    assert no_query.status_code == 400
    assert codes(no_query.json()) == ["BAD_REQUEST"]


async def test_a_body_above_the_limit_answers_413_with_a_code(client, settings):
    response = await client.http.post(
        "/graphql", content=b" " * (settings.max_body_bytes + 1), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert codes(response.json()) == ["BODY_TOO_LARGE"]


async def test_an_upload_may_exceed_the_json_limit_up_to_its_own(client, settings):
    """A spreadsheet travels as multipart/form-data under DINGHUO_MAX_UPLOAD_BYTES, not the JSON body limit."""
    operations = '{"query": "{ __typename }", "variables": {}}'
    padding = "x" * (settings.max_body_bytes + 1)
    response = await client.http.post(
        "/graphql", data={"operations": operations, "map": "{}"}, files={"pad": ("pad.txt", padding)}
    )
    assert response.status_code == 200, response.text
    assert response.json()["data"] == {"__typename": "Query"}
    too_large = await client.http.post(
        "/graphql",
        content=b"x" * (settings.max_upload_bytes + 1),
        headers={"content-type": "multipart/form-data; boundary=b"},
    )
    assert too_large.status_code == 413
    assert codes(too_large.json()) == ["BODY_TOO_LARGE"]


async def test_field_suggestions_only_in_debug(client, settings):
    body = (await client.post("{ __schema { types { fieldz { name } } } }")).json()
    assert codes(body) == ["GRAPHQL_VALIDATION_FAILED"]
    assert "Did you mean" not in body["errors"][0]["message"]
    assert "fieldz" in body["errors"][0]["message"]


async def test_field_suggestions_in_debug(settings):
    import dataclasses

    import httpx

    from tests.support import GraphQLClient

    debug_app = create_app(dataclasses.replace(settings, debug=True), manage_resources=False)
    transport = httpx.ASGITransport(app=debug_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        body = (await GraphQLClient(http).post("{ __schema { types { fieldz { name } } } }")).json()
    assert "Did you mean 'fields'?" in body["errors"][0]["message"]


async def test_a_client_that_hangs_up_is_logged_without_an_error(app, caplog):
    incoming = [{"type": "http.request", "body": b'{"query": "{ vie', "more_body": True}]

    async def receive():
        return incoming.pop(0) if incoming else {"type": "http.disconnect"}

    sent: list[dict] = []

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/graphql",
        "raw_path": b"/graphql",
        "root_path": "",
        "query_string": b"",
        "headers": [(b"content-type", b"application/json"), (b"host", b"testserver")],
        "client": ("10.1.0.1", 40000),
        "server": ("testserver", 80),
    }
    with caplog.at_level(logging.DEBUG):
        await app(scope, receive, send)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert any("client went away" in r.getMessage() for r in caplog.records)
