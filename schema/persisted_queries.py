"""Automatic persisted queries, as Apollo's APQ protocol has them: a client sends
`extensions.persistedQuery = {version: 1, sha256Hash}` and, the first time, the document too;
from then on the hash alone names the document, over POST or GET (a GET runs queries only).

Documents are remembered per worker (the least recently used go past
DINGHUO_PERSISTED_QUERY_CACHE_SIZE) and, with Redis, in Redis for
DINGHUO_PERSISTED_QUERY_REDIS_TTL seconds, so a document sent to one worker is known to all.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import OrderedDict

from redis.asyncio import Redis
from redis.exceptions import RedisError

from schema.errors import RequestErrorCode

log = logging.getLogger(__name__)

APQ_VERSION = 1
SHA256_HEX = re.compile(r"[0-9a-f]{64}")
REDIS_KEY_PREFIX = "dinghuo:apq:"
MAX_REMEMBERED_CHARS = 50_000
"""Longer documents still run but are not remembered: the store stays small whatever clients send."""

# Apollo Client and urql recognise the miss by this exact message (and by the code).
NOT_FOUND_MESSAGE = "PersistedQueryNotFound"


class PersistedQueryError(Exception):
    def __init__(self, code: RequestErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _requested_hash(extensions: dict | None) -> str | None:
    """The sha256Hash a request names, or None when it does not use persisted queries."""
    persisted = (extensions or {}).get("persistedQuery")
    if persisted is None:
        return None
    if not isinstance(persisted, dict) or persisted.get("version") != APQ_VERSION:
        raise PersistedQueryError(
            RequestErrorCode.BAD_REQUEST, f"extensions.persistedQuery must be {{version: {APQ_VERSION}, sha256Hash}}."
        )
    sha256_hash = persisted.get("sha256Hash")
    if not isinstance(sha256_hash, str) or not SHA256_HEX.fullmatch(sha256_hash):
        raise PersistedQueryError(
            RequestErrorCode.BAD_REQUEST,
            "extensions.persistedQuery.sha256Hash must be the document's SHA-256 as 64 lowercase hex digits.",
        )
    return sha256_hash


class PersistedQueries:
    def __init__(self, max_entries: int, redis_ttl_seconds: int) -> None:
        self.max_entries = max_entries
        self.redis_ttl_seconds = redis_ttl_seconds
        self.documents: OrderedDict[str, str] = OrderedDict()

    async def document(self, query: str | None, extensions: dict | None, redis: Redis | None) -> str | None:
        """The document a request runs: the one it sends (remembered under its hash when it names
        one), else the one its hash names; raises PersistedQueryError for an unknown or wrong hash."""
        sha256_hash = _requested_hash(extensions)
        if sha256_hash is None:
            return query
        if query is not None:
            if hashlib.sha256(query.encode()).hexdigest() != sha256_hash:
                raise PersistedQueryError(
                    RequestErrorCode.PROVIDED_SHA_DOES_NOT_MATCH,
                    "extensions.persistedQuery.sha256Hash is not the SHA-256 of the query sent.",
                )
            await self._remember(sha256_hash, query, redis)
            return query
        found = self._recall_here(sha256_hash) or await self._recall_shared(sha256_hash, redis)
        if found is None:
            raise PersistedQueryError(RequestErrorCode.PERSISTED_QUERY_NOT_FOUND, NOT_FOUND_MESSAGE)
        return found

    def _recall_here(self, sha256_hash: str) -> str | None:
        found = self.documents.get(sha256_hash)
        if found is not None:
            self.documents.move_to_end(sha256_hash)
        return found

    async def _recall_shared(self, sha256_hash: str, redis: Redis | None) -> str | None:
        if redis is None:
            return None
        try:
            stored = await redis.get(REDIS_KEY_PREFIX + sha256_hash)
        except (RedisError, OSError) as error:
            log.warning("persisted queries: Redis unavailable (%s); the client sends the document again", error)
            return None
        if stored is None:
            return None
        document = stored.decode() if isinstance(stored, bytes) else stored
        self._keep_here(sha256_hash, document)
        return document

    async def _remember(self, sha256_hash: str, document: str, redis: Redis | None) -> None:
        if len(document) > MAX_REMEMBERED_CHARS:
            return
        self._keep_here(sha256_hash, document)
        if redis is None:
            return
        try:
            await redis.set(REDIS_KEY_PREFIX + sha256_hash, document, ex=self.redis_ttl_seconds)
        except (RedisError, OSError) as error:
            log.warning("persisted queries: Redis unavailable (%s); kept on this worker only", error)

    def _keep_here(self, sha256_hash: str, document: str) -> None:
        self.documents[sha256_hash] = document
        self.documents.move_to_end(sha256_hash)
        while len(self.documents) > self.max_entries:
            self.documents.popitem(last=False)
