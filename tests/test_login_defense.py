"""Login under attack and under faults: a stranger's guesses slow the stranger, not the owner;
forwarded addresses count only from trusted proxies; Redis down falls back to this worker's
memory; a rotated refresh token presented again ends its session."""

from __future__ import annotations

import dataclasses
import ipaddress
import logging
import re
import socket
import time
from contextlib import asynccontextmanager

import httpx
from redis.asyncio import Redis

from app.accounts.models import AuthSession
from app.ratelimit import FallbackRateLimiter, RedisRateLimiter
from app.settings import override_settings
from schema.http import client_address
from tests.support import LOGIN, PASSWORD, GraphQLClient, make_supplier

REFRESH = """
mutation Refresh($token: String!) {
  tokenRefresh(input: {refreshToken: $token}) { token refreshToken userErrors { code } }
}
"""
VIEWER = "{ viewer { user { email } } }"


@asynccontextmanager
async def client_at(app, address: str):
    transport = httpx.ASGITransport(app=app, client=(address, 5000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield GraphQLClient(http)


async def attempt(client: GraphQLClient, password: str, headers: dict | None = None) -> dict:
    body = (await client.post(LOGIN, {"login": "admin@acme.test", "password": password}, headers=headers or {})).json()
    return body["data"]["login"]


def code_of(result: dict) -> str | None:
    return result["userErrors"][0]["code"] if result["userErrors"] else None


def retry_after(result: dict) -> int:
    match = re.search(r"try again in (\d+) seconds", result["userErrors"][0]["message"])
    assert match, result
    return int(match.group(1))


async def test_a_strangers_wrong_passwords_do_not_lock_out_the_owner(app, settings):
    await make_supplier("acme")
    async with client_at(app, "203.0.113.9") as attacker:
        for _ in range(settings.login_failures_per_account_address):
            assert code_of(await attempt(attacker, "wrong-guess")) == "INVALID_CREDENTIALS"
        refused = await attempt(attacker, PASSWORD)
        assert code_of(refused) == "TOO_MANY_ATTEMPTS" and refused["token"] is None
    async with client_at(app, "198.51.100.7") as owner:
        assert (await attempt(owner, PASSWORD))["token"]


async def test_the_wait_grows_with_each_further_failure(app, settings, runtime):
    await make_supplier("acme")
    pair_wait = "login:wait:admin@acme.test|203.0.113.9"
    async with client_at(app, "203.0.113.9") as attacker:
        for _ in range(settings.login_failures_per_account_address):
            await attempt(attacker, "wrong-guess")
        waits = [retry_after(await attempt(attacker, "wrong-guess"))]
        for _ in range(2):
            await runtime.rate_limiter.reset(pair_wait)  # as if the wait had passed
            assert code_of(await attempt(attacker, "wrong-guess")) == "INVALID_CREDENTIALS"
            waits.append(retry_after(await attempt(attacker, PASSWORD)))
    assert waits == [2, 4, 8]


async def test_an_account_has_a_ceiling_across_addresses(app, settings):
    tight = dataclasses.replace(settings, login_failures_per_account=8)
    override_settings(tight)
    try:
        await make_supplier("acme")
        for n in range(tight.login_failures_per_account):
            async with client_at(app, f"192.0.2.{n + 1}") as guesser:
                assert code_of(await attempt(guesser, "wrong-guess")) == "INVALID_CREDENTIALS"
        async with client_at(app, "198.51.100.7") as owner:
            assert code_of(await attempt(owner, PASSWORD)) == "TOO_MANY_ATTEMPTS"
    finally:
        override_settings(settings)


async def test_forwarded_addresses_from_an_untrusted_client_count_as_that_client(app, settings):
    await make_supplier("acme")
    async with client_at(app, "203.0.113.9") as client:
        for n in range(settings.login_failures_per_account_address):
            forwarded = {"x-forwarded-for": f"192.0.2.{n + 1}"}
            assert code_of(await attempt(client, "wrong-guess", forwarded)) == "INVALID_CREDENTIALS"
        refused = await attempt(client, PASSWORD, {"x-forwarded-for": "192.0.2.99"})
        assert code_of(refused) == "TOO_MANY_ATTEMPTS"


async def test_forwarded_addresses_from_a_trusted_proxy_count_separately(app, settings, runtime, monkeypatch):
    proxy = "10.9.0.2"
    monkeypatch.setattr(
        runtime, "settings", dataclasses.replace(settings, trusted_proxies=(ipaddress.ip_network("10.9.0.0/24"),))
    )
    await make_supplier("acme")
    async with client_at(app, proxy) as through_proxy:
        for n in range(settings.login_failures_per_account_address):
            forwarded = {"x-forwarded-for": f"192.0.2.{n + 1}"}
            assert code_of(await attempt(through_proxy, "wrong-guess", forwarded)) == "INVALID_CREDENTIALS"
        # The owner behind the same proxy, a hop written by the client itself to the left.
        signed_in = await attempt(through_proxy, PASSWORD, {"x-forwarded-for": "192.0.2.1, 198.51.100.7"})
        assert signed_in["token"]
    assert await AuthSession.filter(client_address="198.51.100.7").count() == 1


def test_client_address_reads_forwarded_hops_only_behind_trusted_proxies():
    trusted = (ipaddress.ip_network("10.0.0.0/8"),)
    assert client_address("203.0.113.9", "192.0.2.1", trusted) == "203.0.113.9"
    assert client_address("10.0.0.1", "192.0.2.1, 10.0.0.7", trusted) == "192.0.2.1"
    assert client_address("10.0.0.1", "spoofed, 192.0.2.1", trusted) == "192.0.2.1"
    assert client_address("10.0.0.1", "192.0.2.1, not-an-address", trusted) == "10.0.0.1"
    assert client_address("10.0.0.1", "10.0.0.3", trusted) == "10.0.0.3"
    assert client_address("10.0.0.1", None, trusted) == "10.0.0.1"
    assert client_address("10.0.0.1", "192.0.2.1", ()) == "10.0.0.1"


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_login_falls_back_to_memory_limits_while_redis_is_down(client, runtime, monkeypatch, caplog):
    await make_supplier("acme")
    unreachable = Redis.from_url(f"redis://127.0.0.1:{_closed_port()}/0", socket_connect_timeout=2)
    monkeypatch.setattr(runtime, "rate_limiter", FallbackRateLimiter(RedisRateLimiter(unreachable)))
    started = time.monotonic()
    try:
        with caplog.at_level(logging.WARNING, logger="dinghuo.ratelimit"):
            assert code_of(await attempt(client, "wrong-guess")) == "INVALID_CREDENTIALS"
            assert (await attempt(client, PASSWORD))["token"]
    finally:
        await unreachable.aclose()
    assert time.monotonic() - started < 10
    warnings = [r for r in caplog.records if r.name == "dinghuo.ratelimit" and r.levelno == logging.WARNING]
    assert warnings and "Redis is unreachable" in warnings[0].getMessage()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_reusing_a_rotated_refresh_token_ends_the_session(client):
    await make_supplier("acme")
    login = await client.login("admin@acme.test")
    renewed = (await client.data(REFRESH, {"token": login["refreshToken"]}))["tokenRefresh"]
    assert renewed["token"]

    stolen = (await client.data(REFRESH, {"token": login["refreshToken"]}))["tokenRefresh"]
    assert stolen["token"] is None and code_of(stolen) == "INVALID_TOKEN"

    after = (await client.data(REFRESH, {"token": renewed["refreshToken"]}))["tokenRefresh"]
    assert after["token"] is None and code_of(after) == "INVALID_TOKEN"
    for token in (login["token"], renewed["token"]):
        body = await client.execute(VIEWER, token=token)
        assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    other_session = await client.login("admin@acme.test")
    assert (await client.data(VIEWER, token=other_session["token"]))["viewer"]["user"]["email"] == "admin@acme.test"
