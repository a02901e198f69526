"""Live fan-out: the subscribers of one worker who would receive the same results share one execution.

Over graphql-transport-ws strawberry runs each subscription as its own stream, so 1,000
dashboards watching `orderUpdated` would each check, resolve and serialise every order. The hot
subscriptions are grouped instead by (document, variables, audience): a group runs the document
once, in the context of its audience; per event it checks visibility once, executes the
selection once, serialises the result once and writes the same text to every member's socket,
only the subscription id differing. Sends yield to the event loop between batches, so a large
group never holds up the HTTP requests this worker serves.

The audience is the caller without its session: what these subscriptions show depends on who
asks (what it may see, the order actions offered to that user), never on which of its sessions
asks. Each member is still re-checked by its own token, at the group's interval and on events of
its customer accounts: a member whose session ends, or whose rights change, leaves the group and
runs as it would have alone (then an error, or another group's events).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from contextlib import suppress
from dataclasses import dataclass, field, replace
from enum import Enum
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from graphql import FieldNode, GraphQLError, OperationDefinitionNode, OperationType, parse
from strawberry.types.execution import ExecutionResult, PreExecutionError
from strawberry.utils.aio import aclosing

from app.accounts.permissions import Principal
from app.errors import NotAuthenticated
from app.events import live

if TYPE_CHECKING:
    from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
        BaseGraphQLTransportWSHandler,
        Operation,
    )

    from schema.context import Context

log = logging.getLogger("dinghuo.fanout")

GROUPED_FIELDS = frozenset({"orderUpdated", "approvalRequested", "notificationReceived"})
# A replay of missed events belongs to the one subscriber that asked for it.
UNGROUPED_ARGUMENTS = frozenset({"afterEventId"})
SEND_BATCH = 100
RECHECK_BATCH = 20


@dataclass(frozen=True)
class GroupKey:
    document: str
    operation_name: str | None
    variables: str
    audience: Principal


def audience_of(principal: Principal) -> Principal:
    return replace(principal, session_id=None)


def group_key(query: str, variables: dict | None, operation_name: str | None, caller: object) -> GroupKey | None:
    """The group a subscription joins, or None when it runs alone (not a grouped field, a
    replay, an anonymous or refused caller, a document that does not parse)."""
    if not isinstance(caller, Principal) or not caller.is_authenticated or not _groupable(query, operation_name):
        return None
    try:
        variables_text = json.dumps(variables or {}, sort_keys=True, separators=(",", ":"))
    except (TypeError, ValueError):
        return None
    return GroupKey(hashlib.sha256(query.encode()).hexdigest(), operation_name, variables_text, audience_of(caller))


@lru_cache(maxsize=256)
def _groupable(query: str, operation_name: str | None) -> bool:
    try:
        document = parse(query)
    except GraphQLError:
        return False
    operations = [
        d
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode)
        and (operation_name is None or (d.name is not None and d.name.value == operation_name))
    ]
    if len(operations) != 1 or operations[0].operation is not OperationType.SUBSCRIPTION:
        return False
    (root, *others) = operations[0].selection_set.selections
    return (
        not others
        and isinstance(root, FieldNode)
        and root.name.value in GROUPED_FIELDS
        and not any(argument.name.value in UNGROUPED_ARGUMENTS for argument in root.arguments or ())
    )


async def _caller(credential: str | None) -> Principal | NotAuthenticated:
    try:
        return await live.revalidate(credential)
    except NotAuthenticated as refused:
        return refused


class Left(Enum):
    ENDED = "ended"  # the group's stream ended: the member was completed with it
    MOVED = "moved"  # the member's caller changed: it runs again as it now stands


@dataclass(eq=False)
class Member:
    handler: BaseGraphQLTransportWSHandler[Context, None]
    operation: Operation[Context, None]
    left: asyncio.Future = field(default_factory=lambda: asyncio.get_running_loop().create_future())

    def leave(self, why: Left) -> None:
        if not self.left.done():
            self.left.set_result(why)

    async def send_text(self, text: str) -> None:
        await self.handler.websocket.ws.send_text(text)  # type: ignore[attr-defined]


class FanoutGroup:
    """One execution of a subscription for every member of its group."""

    def __init__(self, registry: FanoutRegistry, key: GroupKey, first: Member) -> None:
        self.registry = registry
        self.key = key
        self.members: dict[Member, None] = {}
        self.handler = first.handler
        self.operation = first.operation
        # The first member's context (its request and services), serving the whole audience.
        self.context = replace(first.handler.context, credential=None, audience=self)
        self.task: asyncio.Task | None = None

    def __len__(self) -> int:
        return len(self.members)

    def add(self, member: Member) -> None:
        self.members[member] = None
        if self.task is None:
            self.task = asyncio.create_task(self._run(), name="fanout-group")

    def remove(self, member: Member) -> None:
        self.members.pop(member, None)
        if not self.members:
            self.registry.forget(self)
            if self.task is not None and not self.task.done():
                self.task.cancel()

    async def recheck(self) -> Principal:
        """Checks each member by its own token (once per distinct token: the tabs of one session
        share it); those no longer of this audience move out."""
        by_credential: dict[str | None, list[Member]] = {}
        for member in self.members:
            by_credential.setdefault(member.handler.context.credential, []).append(member)
        credentials = list(by_credential)
        for start in range(0, len(credentials), RECHECK_BATCH):
            batch = credentials[start : start + RECHECK_BATCH]
            callers = await asyncio.gather(*(_caller(credential) for credential in batch))
            for credential, caller in zip(batch, callers, strict=True):
                if isinstance(caller, Principal) and audience_of(caller) == self.key.audience:
                    continue
                for member in by_credential[credential]:
                    member.handler.context.caller = caller
                    self.members.pop(member, None)
                    member.leave(Left.MOVED)
        return self.key.audience

    async def _run(self) -> None:
        try:
            await self._stream()
        except Exception as error:
            log.exception("a fan-out group failed", exc_info=error)
        finally:
            self.registry.forget(self)
            for member in tuple(self.members):
                with suppress(Exception):
                    await member.operation.send_operation_message({"id": member.operation.id, "type": "complete"})
                member.leave(Left.ENDED)

    async def _stream(self) -> None:
        operation = self.operation
        results = await self.handler.schema.stream(
            operation.query,
            variable_values=operation.variables,
            context_value=self.context,
            operation_name=operation.operation_name,
        )
        async with aclosing(results):
            async for result in results:
                if isinstance(result, PreExecutionError):
                    await self._each_fails(list(result.errors or []))
                    return
                if not isinstance(result, ExecutionResult):
                    await self._each_fails([GraphQLError("Incremental delivery is not supported over websockets")])
                    return
                self.registry.executions += 1
                await self._broadcast(result)

    async def _each_fails(self, errors: list[GraphQLError]) -> None:
        for member in tuple(self.members):
            await member.operation.send_initial_errors(errors)

    async def _broadcast(self, result: ExecutionResult) -> None:
        """Serialises the result once and writes it to every member, yielding between batches."""
        payload: dict[str, Any] = {"data": result.data}
        if result.errors:
            payload["errors"] = [error.formatted for error in result.errors]
        if result.extensions:
            payload["extensions"] = result.extensions
        encoded = self.handler.view.encode_json(payload)
        text = encoded.decode() if isinstance(encoded, bytes) else encoded
        for index, member in enumerate(tuple(self.members)):
            if index and index % SEND_BATCH == 0:
                await asyncio.sleep(0)
            if member not in self.members or member.operation.completed:
                continue
            try:
                await member.send_text(f'{{"id":{json.dumps(member.operation.id)},"type":"next","payload":{text}}}')
            except Exception:  # noqa: BLE001  # a closed socket: its own handler ends the operation
                log.debug("a fan-out send failed; the connection is closing", exc_info=True)


class FanoutRegistry:
    """This worker's fan-out groups, by key."""

    def __init__(self) -> None:
        self.groups: dict[GroupKey, FanoutGroup] = {}
        self.executions = 0  # results executed by groups, however many members each reached

    async def run(
        self, key: GroupKey, handler: BaseGraphQLTransportWSHandler[Context, None], operation: Operation[Context, None]
    ) -> Left:
        """Serves `operation` from its group until the group ends or the member moves out."""
        member = Member(handler, operation)
        group = self.groups.get(key)
        if group is None:
            group = self.groups[key] = FanoutGroup(self, key, member)
        group.add(member)
        try:
            return await member.left
        finally:
            group.remove(member)

    def forget(self, group: FanoutGroup) -> None:
        """A group that is ending takes no new member: the next one starts a new group."""
        if self.groups.get(group.key) is group:
            del self.groups[group.key]
