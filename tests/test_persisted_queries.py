"""Automatic persisted queries over HTTP (Apollo's APQ protocol): a hash the server does not know
answers PERSISTED_QUERY_NOT_FOUND, the client sends the document with it once, and from then on
the hash alone runs it, by POST or by GET; a GET never runs a mutation; a wrong hash is refused."""

from __future__ import annotations

import hashlib
import json

from app.runtime import get_runtime
from schema.persisted_queries import REDIS_KEY_PREFIX, PersistedQueries
from tests.support import make_supplier

VIEWER = "{ viewer { user { email } } }"
LOGOUT = "mutation { logout { revoked } }"


def persisted(document: str) -> dict:
    return {"persistedQuery": {"version": 1, "sha256Hash": hashlib.sha256(document.encode()).hexdigest()}}


def code(body: dict) -> str:
    return body["errors"][0]["extensions"]["code"]


async def _post(client, body: dict, token: str | None = None, **headers):
    if token:
        headers["authorization"] = f"Bearer {token}"
    return await client.http.post("/graphql", json=body, headers=headers)


async def _get(client, params: dict, token: str | None = None):
    headers = {"authorization": f"Bearer {token}"} if token else {}
    return await client.http.get("/graphql", params=params, headers=headers)


async def test_a_hash_runs_the_document_sent_with_it_once_by_post_and_by_get(client):
    supplier = await make_supplier()
    token = await client.token(supplier.admin.email)
    extensions = persisted(VIEWER)

    unknown = await _post(client, {"extensions": extensions}, token)
    assert unknown.status_code == 200
    assert code(unknown.json()) == "PERSISTED_QUERY_NOT_FOUND"
    assert unknown.json()["errors"][0]["message"] == "PersistedQueryNotFound"

    sent = await _post(client, {"query": VIEWER, "extensions": extensions}, token)
    assert sent.json()["data"] == {"viewer": {"user": {"email": supplier.admin.email}}}

    by_hash = await _post(client, {"extensions": extensions}, token)
    assert by_hash.json()["data"] == sent.json()["data"]
    by_get = await _get(client, {"extensions": json.dumps(extensions)}, token)
    assert by_get.status_code == 200 and by_get.json()["data"] == sent.json()["data"]


async def test_get_takes_variables_as_json_and_runs_queries_only(client):
    supplier = await make_supplier()
    token = await client.token(supplier.admin.email)
    document = "query ($first: Int) { products(first: $first) { totalCount } }"
    extensions = json.dumps(persisted(document))
    first = await _get(client, {"query": document, "variables": '{"first": 5}', "extensions": extensions}, token)
    assert first.json()["data"] == {"products": {"totalCount": 0}}
    again = await _get(client, {"variables": '{"first": 5}', "extensions": extensions}, token)
    assert again.json()["data"] == first.json()["data"]

    await _post(client, {"query": LOGOUT, "extensions": persisted(LOGOUT)}, await client.token(supplier.admin.email))
    refused = await _get(client, {"extensions": json.dumps(persisted(LOGOUT))}, token)
    assert refused.status_code == 400, refused.text
    assert refused.json()["errors"][0]["message"] == "mutations are not allowed when using GET"
    assert (await client.data(VIEWER, token=token))["viewer"]["user"]["email"] == supplier.admin.email


async def test_a_hash_that_is_not_the_documents_is_refused(client):
    wrong = {"query": VIEWER, "extensions": persisted(VIEWER + " ")}
    answer = await _post(client, wrong)
    assert answer.status_code == 200 and code(answer.json()) == "PROVIDED_SHA_DOES_NOT_MATCH"
    assert "data" not in answer.json()
    strict = await _post(client, wrong, accept="application/graphql-response+json")
    assert strict.status_code == 400 and code(strict.json()) == "PROVIDED_SHA_DOES_NOT_MATCH"
    assert strict.headers["content-type"].startswith("application/graphql-response+json")
    malformed = await _post(client, {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "abc"}}})
    assert code(malformed.json()) == "BAD_REQUEST"
    assert code((await _post(client, {"extensions": {"persistedQuery": {"version": 2}}})).json()) == "BAD_REQUEST"


async def test_a_document_known_to_one_worker_is_known_to_every_worker_through_redis(client):
    """Two workers share Redis; without it each keeps its own (the PostgreSQL + Redis pass runs this)."""
    redis = get_runtime().redis
    extensions = persisted("{ __typename }")
    await _post(client, {"query": "{ __typename }", "extensions": extensions})
    sha256_hash = extensions["persistedQuery"]["sha256Hash"]
    other_worker = PersistedQueries(max_entries=10, redis_ttl_seconds=60)
    if redis is None:
        return
    assert await redis.ttl(REDIS_KEY_PREFIX + sha256_hash) > 0
    assert await other_worker.document(None, extensions, redis) == "{ __typename }"


async def test_each_worker_keeps_at_most_its_size_of_documents():
    store = PersistedQueries(max_entries=2, redis_ttl_seconds=60)
    documents = ["{ a }", "{ b }", "{ c }"]
    for document in documents:
        await store.document(document, persisted(document), None)
    assert list(store.documents.values()) == documents[1:]
