"""The /graphql endpoint: GraphQL over HTTP (POST and GET, GraphiQL in a browser) and
graphql-transport-ws on the same path."""

from __future__ import annotations

import asyncio
import dataclasses
import ipaddress
from collections.abc import Mapping
from contextlib import suppress

from cross_web import HTTPException
from starlette.requests import HTTPConnection, Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.http.async_base_view import AsyncHTTPRequestAdapter
from strawberry.http.base import BaseRequestProtocol
from strawberry.http.streaming import HTTPStreamTransport
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
    Operation,
)
from strawberry.types.execution import ExecutionResult
from strawberry.types.unset import UNSET

from app import read_versions
from app.accounts.auth import principal_for_bearer, principal_for_header
from app.accounts.permissions import ANONYMOUS, Principal
from app.db import database_unavailable
from app.errors import NotAuthenticated
from app.runtime import get_runtime
from app.settings import IPNetwork
from schema.context import Context
from schema.errors import RETRYABLE, UNAVAILABLE_MESSAGE, RequestErrorCode, log_unavailable
from schema.fanout import FanoutRegistry, Left, group_key
from schema.persisted_queries import PersistedQueries, PersistedQueryError
from schema.response_cache import ResponseCache, Slot, charge

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"


def _wants_graphql_response_json(request: HTTPConnection) -> bool:
    """True when the Accept header lists application/graphql-response+json with q > 0."""
    for part in request.headers.get("accept", "").split(","):
        media, *params = (p.strip() for p in part.split(";"))
        if media.lower() != GRAPHQL_RESPONSE_JSON:
            continue
        quality = next((p[2:] for p in params if p.lower().startswith("q=")), "1")
        try:
            return float(quality) > 0
        except ValueError:
            return True
    return False


STREAM_MEDIA_TYPES = frozenset({"text/event-stream", "multipart/mixed"})


def _preferred_media_type(accept: str) -> str:
    """The media type the Accept header prefers: the highest q, the first listed among equals."""
    best, best_quality = "", 0.0
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        quality_text = next((p[2:] for p in params if p.lower().startswith("q=")), "1")
        try:
            quality = float(quality_text)
        except ValueError:
            quality = 1.0
        if media and quality > best_quality:
            best, best_quality = media.lower(), quality
    return best


def _is_request_error(response_data: dict) -> bool:
    """No execution happened: the document failed to parse or validate."""
    errors = response_data.get("errors") or []
    return response_data.get("data") is None and bool(errors) and all(not e.get("path") for e in errors)


def _is_trusted(address: str, trusted_proxies: tuple[IPNetwork, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in trusted_proxies)


def client_address(peer: str | None, forwarded_for: str | None, trusted_proxies: tuple[IPNetwork, ...]) -> str | None:
    """The address a request comes from, as the login limits count it: the connecting peer, unless
    the peer is a trusted proxy (DINGHUO_TRUSTED_PROXIES); then the nearest X-Forwarded-For hop
    that is not one of those proxies. Anything further left was written by the client itself."""
    if peer is None or not forwarded_for or not _is_trusted(peer, trusted_proxies):
        return peer
    nearest = peer
    for hop in reversed([hop.strip() for hop in forwarded_for.split(",")]):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return nearest  # a hop no proxy of ours would write: trust nothing beyond it
        if not _is_trusted(hop, trusted_proxies):
            return hop
        nearest = hop
    return nearest


class KeepAliveTransportWSHandler(BaseGraphQLTransportWSHandler[Context, None]):
    """graphql-transport-ws with server pings, so proxies keep idle subscriptions open and a
    dead client is noticed (strawberry only sends them on the legacy protocol), and with the hot
    subscriptions run once per group of subscribers who see the same (schema/fanout.py)."""

    view: GraphQLEndpoint

    async def run_operation(self, operation: Operation[Context, None]) -> None:
        while (
            key := group_key(operation.query, operation.variables, operation.operation_name, self.context.caller)
        ) is not None:
            if await self.view.fanout.run(key, self, operation) is Left.ENDED:
                return
        await super().run_operation(operation)

    async def handle(self) -> None:
        interval = self.view.keep_alive_interval
        pinger = (
            asyncio.create_task(self._ping_forever(interval)) if self.view.keep_alive and interval is not None else None
        )
        try:
            await super().handle()
        finally:
            if pinger is not None:
                pinger.cancel()
                with suppress(asyncio.CancelledError, Exception):
                    await pinger

    async def _ping_forever(self, interval: float) -> None:
        while True:
            await asyncio.sleep(interval)
            if self.connection_acknowledged:
                await self.send_message({"type": "ping"})


UNAVAILABLE_RETRY_AFTER_SECONDS = 1


def _request_error(
    message: str, code: RequestErrorCode, status_code: int, media_type: str, extensions: dict | None = None
) -> Response:
    response = JSONResponse(
        {"errors": [{"message": message, "extensions": extensions or {"code": code.value}}]}, status_code
    )
    if media_type == GRAPHQL_RESPONSE_JSON:
        response.headers["content-type"] = f"{GRAPHQL_RESPONSE_JSON}; charset=utf-8"
    return response


@dataclasses.dataclass
class EncodedData(ExecutionResult):
    """A result whose `data` is already JSON text (kept by the response cache, or just kept)."""

    encoded: str = "null"


class EncodedResponse(dict):
    """The response body of an EncodedData, written out as is."""

    def __init__(self, result: EncodedData, encode) -> None:
        super().__init__(data={}, extensions=result.extensions)
        self.text = f'{{"data": {result.encoded}, "extensions": {encode(result.extensions)}}}'


class GraphQLEndpoint(GraphQL[Context, None]):
    graphql_transport_ws_handler_class = KeepAliveTransportWSHandler

    def __init__(
        self, *args, persisted_queries: PersistedQueries, response_cache: ResponseCache | None = None, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.persisted_queries = persisted_queries
        self.response_cache = response_cache
        self.fanout = FanoutRegistry()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """As strawberry's, but a request refused before GraphQL runs (a body that is not JSON,
        no query, a wrong method, an unknown persisted query) answers a GraphQL error with a code
        instead of plain text."""
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope=scope, receive=receive)
        response: Response
        try:
            response = await self.run(request)
        except HTTPException as error:
            response = _request_error(error.reason, RequestErrorCode.BAD_REQUEST, error.status_code, "application/json")
        except PersistedQueryError as error:
            # A request error like a document that fails to parse: 200 for plain JSON, 400 for
            # application/graphql-response+json (see create_response).
            strict = _wants_graphql_response_json(request)
            response = _request_error(
                error.message,
                error.code,
                400 if strict else 200,
                GRAPHQL_RESPONSE_JSON if strict else "application/json",
            )
        except Exception as error:
            # Who the caller is comes from the database before anything runs; without it no
            # operation can, so the whole request answers 503 with the retryable code.
            if not database_unavailable(error):
                raise
            log_unavailable(scope.get("path"), error)
            response = _request_error(
                UNAVAILABLE_MESSAGE, RequestErrorCode.SERVICE_UNAVAILABLE, 503, "application/json", RETRYABLE
            )
            response.headers["retry-after"] = str(UNAVAILABLE_RETRY_AFTER_SECONDS)
        await response(scope, receive, send)

    def should_render_graphql_ide(self, request: BaseRequestProtocol) -> bool:
        """A GET naming a persisted query by its hash alone is an operation, not a visit to GraphiQL."""
        return "extensions" not in request.query_params and super().should_render_graphql_ide(request)

    async def parse_http_body(self, request: AsyncHTTPRequestAdapter) -> GraphQLRequestData | list[GraphQLRequestData]:
        """Strawberry's parsing, with the document of a persisted query put in place of its hash."""
        parsed = await super().parse_http_body(request)
        redis = get_runtime().redis
        for operation in parsed if isinstance(parsed, list) else [parsed]:
            operation.query = await self.persisted_queries.document(operation.query, operation.extensions, redis)
        return parsed

    async def execute_single(  # noqa: PLR0917 (strawberry's signature)
        self,
        request,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response,
        context: Context,
        root_value,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        """Answers a buyer's catalog read from the response cache when it can; any other operation
        runs, and the version counters its changes announced are bumped again once it is over
        (its transactions committed), before it answers."""
        slot = await self._cache_slot(request_adapter, context, request_data)
        if slot is not None:
            entry = self.response_cache.get(slot) if self.response_cache else None
            if entry is not None and (cost := await charge(context, entry)) is not None:
                return EncodedData(data=None, errors=None, extensions=cost, encoded=entry.data)
        with read_versions.settling() as changed:
            result = await super().execute_single(
                request, request_adapter, sub_response, context, root_value, request_data
            )
        if changed:
            await read_versions.announce(read_versions.Change(frozenset(changed)))
        if slot is None or self.response_cache is None or result.errors or not isinstance(result.data, dict):
            return result
        encoded = self.encode_json_string(result.data)
        self.response_cache.put(slot, encoded, result.extensions)
        return EncodedData(data=None, errors=None, extensions=result.extensions or {}, encoded=encoded)

    async def _cache_slot(
        self, request_adapter: AsyncHTTPRequestAdapter, context: Context, request_data: GraphQLRequestData
    ) -> Slot | None:
        if self.response_cache is None or request_data.protocol != "http":
            return None
        if request_adapter.method == "GET" and not self.allow_queries_via_get:
            return None
        return await self.response_cache.slot(
            context, request_data.query, request_data.operation_name, request_data.variables
        )

    async def process_result(self, request, result) -> GraphQLHTTPResponse:
        if isinstance(result, EncodedData):
            return EncodedResponse(result, self.encode_json_string)  # type: ignore[return-value]
        return await super().process_result(request, result)

    def encode_json(self, data: object) -> str | bytes:
        if isinstance(data, EncodedResponse):
            return data.text
        return super().encode_json(data)

    def _get_stream_transport_from_headers(self, headers: Mapping[str, str]) -> HTTPStreamTransport | None:
        """Streams an answer only to a client that prefers a stream. urql, for one, lists
        text/event-stream after the JSON types on every request and wants plain JSON back."""
        accept = next((value for key, value in headers.items() if key.lower() == "accept"), "")
        if _preferred_media_type(accept) not in STREAM_MEDIA_TYPES:
            return None
        return super()._get_stream_transport_from_headers(headers)

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        runtime = get_runtime()
        address = client_address(
            request.client.host if request.client else None,
            request.headers.get("x-forwarded-for"),
            runtime.settings.trusted_proxies,
        )
        if isinstance(request, WebSocket):
            return Context(request, response, address, ANONYMOUS, runtime, connection_params={})
        authorization = request.headers.get("authorization")
        caller: Principal | NotAuthenticated
        try:
            caller = await principal_for_header(authorization, runtime.principal_cache)
        except NotAuthenticated as error:
            caller = error
        credential = authorization.partition(" ")[2].strip() if authorization else None
        return Context(request, response, address, caller, runtime, credential=credential)

    async def on_ws_connect(self, context: Context):
        """The token travels in connection_init: {"authorization": "Bearer ..."} or {"token": "..."}."""
        params = context.connection_params or {}
        raw = params.get("authorization") or params.get("Authorization") or params.get("token")
        if raw is None:
            return UNSET
        if not isinstance(raw, str):
            raise ConnectionRejectionError()
        token = raw.partition(" ")[2] if raw.lower().startswith("bearer ") else raw
        try:
            context.caller = await principal_for_bearer(token.strip())
        except NotAuthenticated:
            raise ConnectionRejectionError() from None
        context.credential = token.strip()
        return UNSET

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        sub_response = await super().get_sub_response(request)
        sub_response.headers["vary"] = "Accept"
        if _wants_graphql_response_json(request):
            sub_response.media_type = GRAPHQL_RESPONSE_JSON
        return sub_response

    def create_response(self, response_data, sub_response: Response) -> Response:
        strict = sub_response.media_type == GRAPHQL_RESPONSE_JSON
        if strict and isinstance(response_data, dict) and _is_request_error(response_data):
            response_data = {k: v for k, v in response_data.items() if k != "data"}
            sub_response.status_code = 400
        response = super().create_response(response_data, sub_response)
        if strict:
            response.headers["content-type"] = f"{GRAPHQL_RESPONSE_JSON}; charset=utf-8"
        return response
