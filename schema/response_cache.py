"""A worker's response cache for the catalog reads of buyers (issue 21): the encoded `data` of a
query, kept under its document, operation, variables, the caller's price scope and the version
counters of what it read, so a repeat skips the executor and the JSON encoding.

What is kept:
- only queries whose every root field is a catalog read (`CACHEABLE_ROOTS`), naming no supplier
  outside the caller's own approved accounts, selecting no per-account field (`PER_ACCOUNT_FIELDS`)
  and no directive beyond @skip/@include;
- only for signed-in users of a buying organization that does not sell (a seller's staff see
  their own catalog with stock per warehouse, and a B2B2B organization is both);
- only answers without errors, for DINGHUO_RESPONSE_CACHE_SECONDS at most and never past the next
  price list or promotion window of a supplier involved.

Coherence: the key holds the counters of app/read_versions (catalog, stock when the document reads
availability, buyer accounts, organizations), read once per request from Redis (or this worker's
memory when it is the only one) before anything else. Every change bumps its counters after its
commit and before its response, so a request that starts after a change was answered can only
find answers computed after it. An answer computed from rows older than the counters it is kept
under cannot happen: a change made inside a transaction bumps again once its request is over
(read_versions.settling).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    GraphQLError,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    StringValueNode,
    VariableNode,
    parse,
)

from app.accounts.permissions import Principal
from app.browse import scope
from app.clock import utc_now
from app.global_ids import parse_id
from app.read_versions import EVERYTHING, VersionStore, buyer_key, catalog_key, stock_key
from schema.context import Context
from schema.cost import budget_key, cost_extension
from schema.limits import selected_fields

CACHEABLE_ROOTS = frozenset({"products", "categories", "brands", "__typename"})
PER_ACCOUNT_FIELDS = frozenset({"quota"})
STOCK_WORDS = ("available", "stock")
"""A document or variables naming these read stock (`available`, `stockLevels`, `inStockOnly`)."""
SHARED_DIRECTIVES = frozenset({"skip", "include"})
DOCUMENTS_REMEMBERED = 1000


@dataclass(frozen=True)
class Shape:
    """What a cacheable document reads, worked out once per document."""

    digest: str
    stock: bool
    supplier_arguments: tuple[str | None, ...]
    """Each root field's supplierId: a literal ID, `$name` for a variable, or None when absent."""


@dataclass(frozen=True)
class Entry:
    data: str
    requested_cost: int
    actual_cost: int
    fresh_until: float  # on the monotonic clock


@dataclass(frozen=True)
class Slot:
    """Where one request's answer is (or will be) kept."""

    key: tuple
    fresh_until: float


def _every_field(selection_set: SelectionSetNode | None, fragments: dict[str, FragmentDefinitionNode]):
    if selection_set is None:
        return
    for field in selected_fields(selection_set, fragments):
        yield field
        yield from _every_field(field.selection_set, fragments)


def _has_other_directives(document: DocumentNode) -> bool:
    found = []

    def visit(node: Any) -> None:
        for directive in getattr(node, "directives", None) or ():
            found.append(directive.name.value)
        for child in ("definitions", "selection_set", "selections"):
            value = getattr(node, child, None)
            if value is None:
                continue
            for item in value if isinstance(value, tuple | list) else (value,):
                visit(item)

    visit(document)
    return any(name not in SHARED_DIRECTIVES for name in found)


def _supplier_argument(field: FieldNode) -> str | None:
    argument = next((a for a in field.arguments or () if a.name.value == "supplierId"), None)
    if argument is None:
        return None
    if isinstance(argument.value, VariableNode):
        return "$" + argument.value.name.value
    if isinstance(argument.value, StringValueNode):
        return argument.value.value
    return "!"  # null or a literal of another kind: left to the executor, never kept


def shape_of(document: str, operation_name: str | None) -> Shape | None:
    """The shape of a document whose answer may be shared by a price scope, else None."""
    try:
        parsed = parse(document)
    except GraphQLError:
        return None
    operations = [d for d in parsed.definitions if isinstance(d, OperationDefinitionNode)]
    if len(operations) != 1 or operations[0].operation is not OperationType.QUERY:
        return None
    operation = operations[0]
    if operation_name is not None and (operation.name is None or operation.name.value != operation_name):
        return None
    if _has_other_directives(parsed):
        return None
    fragments = {d.name.value: d for d in parsed.definitions if isinstance(d, FragmentDefinitionNode)}
    roots = list(selected_fields(operation.selection_set, fragments))
    if any(root.name.value not in CACHEABLE_ROOTS for root in roots):
        return None
    if any(field.name.value in PER_ACCOUNT_FIELDS for field in _every_field(operation.selection_set, fragments)):
        return None
    lowered = document.lower()
    return Shape(
        digest=hashlib.sha256(document.encode()).hexdigest(),
        stock=any(word in lowered for word in STOCK_WORDS),
        supplier_arguments=tuple(_supplier_argument(root) for root in roots if root.name.value != "__typename"),
    )


def _named_suppliers(shape: Shape, variables: dict[str, Any]) -> set[int] | None:
    """The suppliers the root fields name; None when one cannot be read here."""
    named: set[int] = set()
    for argument in shape.supplier_arguments:
        if argument is None:
            continue
        value = variables.get(argument[1:]) if argument.startswith("$") else argument
        parsed = parse_id(value) if isinstance(value, str) else None
        if parsed is None or parsed[0] != "Organization":
            return None
        named.add(parsed[1])
    return named


class ResponseCache:
    def __init__(self, max_entries: int, ttl_seconds: float) -> None:
        self.max_entries = max_entries
        self.ttl_seconds = ttl_seconds
        self.entries: OrderedDict[tuple, Entry] = OrderedDict()
        self.shapes: OrderedDict[tuple[str, str | None], Shape | None] = OrderedDict()
        self.accounts: dict[int, tuple[tuple[str, ...], tuple[scope.BuyerAccount, ...]]] = {}
        self.facts: dict[int, tuple[tuple[str, str], scope.SupplierFacts]] = {}

    def shape(self, document: str, operation_name: str | None) -> Shape | None:
        key = (document, operation_name)
        if key in self.shapes:
            self.shapes.move_to_end(key)
            return self.shapes[key]
        found = self.shapes[key] = shape_of(document, operation_name)
        while len(self.shapes) > DOCUMENTS_REMEMBERED:
            self.shapes.popitem(last=False)
        return found

    async def slot(
        self, context: Context, document: str | None, operation_name: str | None, variables: dict | None
    ) -> Slot | None:
        """Where this request's answer is kept, or None when it may not be shared."""
        caller = context.caller
        if (
            document is None
            or not isinstance(caller, Principal)
            or caller.kind != "user"
            or caller.can_sell
            or caller.organization_id is None
        ):
            return None
        shape = self.shape(document, operation_name)
        if shape is None:
            return None
        variables = variables or {}
        named = _named_suppliers(shape, variables)
        if named is None:
            return None
        found = await self._versions(context.services.read_versions, caller.organization_id)
        if found is None:
            return None
        accounts, counters = found
        if not named <= {a.supplier_id for a in accounts}:
            return None  # a public catalog of a supplier the caller has no account with
        variables_text = json.dumps(variables, sort_keys=True, separators=(",", ":"))
        reads_stock = shape.stock or any(word in variables_text.lower() for word in STOCK_WORDS)
        now = utc_now()
        fresh_until = time.monotonic() + self.ttl_seconds
        scopes = []
        for account in accounts:
            catalog_version, stock_version = counters[account.supplier_id]
            facts = await self._facts(account.supplier_id, (counters[EVERYTHING], catalog_version), now)
            if facts.next_boundary is not None:
                fresh_until = min(fresh_until, time.monotonic() + (facts.next_boundary - now).total_seconds())
            scopes.append(
                (scope.account_scope(account, facts), catalog_version, stock_version if reads_stock else None)
            )
        key = (
            shape.digest,
            operation_name,
            variables_text,
            counters[EVERYTHING],
            frozenset(scopes),
        )
        return Slot(key, fresh_until)

    async def _versions(
        self, versions: VersionStore, buyer_id: int
    ) -> tuple[tuple[scope.BuyerAccount, ...], dict[Any, Any]] | None:
        """The buyer's accounts and the counters of everything they show, in one round trip when
        the accounts this worker knows are still current (else two, and one query)."""
        known = self.accounts.get(buyer_id)
        for attempt in range(2):
            accounts = known[1] if known else ()
            suppliers = sorted({a.supplier_id for a in accounts})
            keys = (EVERYTHING, buyer_key(buyer_id), *(k for s in suppliers for k in (catalog_key(s), stock_key(s))))
            read = await versions.read(keys)
            if read is None:
                return None
            if known is not None and known[0] == read[:2]:
                counters: dict[Any, Any] = {EVERYTHING: read[0]}
                for index, supplier_id in enumerate(suppliers):
                    counters[supplier_id] = (read[2 + 2 * index], read[3 + 2 * index])
                return accounts, counters
            if attempt == 1:
                return None  # the accounts changed while being read: answer without the cache
            known = self.accounts[buyer_id] = (read[:2], await scope.buyer_accounts(buyer_id))
        return None

    async def _facts(self, supplier_id: int, stamp: tuple[str, str], now) -> scope.SupplierFacts:
        known = self.facts.get(supplier_id)
        if known is not None and known[0] == stamp and (known[1].next_boundary is None or known[1].next_boundary > now):
            return known[1]
        facts = await scope.supplier_facts(supplier_id, now)
        self.facts[supplier_id] = (stamp, facts)
        return facts

    def get(self, slot: Slot) -> Entry | None:
        entry = self.entries.get(slot.key)
        if entry is None:
            return None
        if entry.fresh_until <= time.monotonic():
            del self.entries[slot.key]
            return None
        self.entries.move_to_end(slot.key)
        return entry

    def put(self, slot: Slot, data: str, extensions: dict | None) -> None:
        cost = (extensions or {}).get("cost")
        if not cost:
            return
        self.entries[slot.key] = Entry(data, cost["requestedQueryCost"], cost["actualQueryCost"], slot.fresh_until)
        self.entries.move_to_end(slot.key)
        while len(self.entries) > self.max_entries:
            self.entries.popitem(last=False)


async def charge(context: Context, entry: Entry) -> dict | None:
    """Takes a kept answer's cost from the caller's budget as running it would; the cost
    extension to answer with, or None when the caller is throttled (the executor then refuses)."""
    buckets = context.services.cost_buckets
    key = budget_key(context)
    granted, available = await buckets.take(key, entry.requested_cost)
    if not granted:
        return None
    if entry.actual_cost < entry.requested_cost:
        available = await buckets.give_back(key, entry.requested_cost - entry.actual_cost)
    return cost_extension(entry.requested_cost, entry.actual_cost, available, buckets)
