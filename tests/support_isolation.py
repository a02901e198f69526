"""Whose is each row, read from the database itself: the isolation matrix's snapshots, owners,
secrets and foreign objects.

A row belongs to the organizations its foreign keys lead to (an order to its supplier and its
buyer, a shipment line through its shipment and order to both, a session through its user to
the user's organization), so a new table is covered without a word here. A caller may see or
change rows that belong to its own organization; everything else that is not the published
catalog is foreign to it."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from tortoise import Tortoise, connections

from app.global_ids import encode_id, parse_id

Row = dict[str, Any]
Key = tuple[str, Any]
"""(model name, primary key)"""

# Columns whose values name an object well enough that seeing one is a leak.
SECRET_COLUMNS = ("number", "name", "email", "reference", "tracking_number", "sku", "street", "reason", "target_url")
SHORTEST_SECRET = 6
SHARED_WITH_PARTNERS = frozenset({"Promotion", "PriceList", "Address", "Announcement"})
"""Rows an organization shares with those it trades with: a supplier's promotions and the
price lists that price its customers' orders (named on the order lines), a buyer's delivery
addresses."""
GLOBAL_ID_TYPES = {"CustomerCartLine": "CartLine"}
"""Tables whose global IDs carry another type name than the model's."""


def global_id(model: str, pk: int) -> str:
    return encode_id(GLOBAL_ID_TYPES.get(model, model), pk)


def _links(model) -> list[tuple[str, str]]:
    """(column, related model name) of each foreign key of the model."""
    meta = model._meta
    links = []
    for name in (*meta.fk_fields, *meta.o2o_fields):
        relation = meta.fields_map[name]
        column = meta.fields_map[relation.source_field].source_field or relation.source_field
        links.append((column, relation.related_model.__name__))
    return links


def models() -> dict[str, Any]:
    return dict(Tortoise.apps["models"])


@dataclass
class Snapshot:
    rows: dict[str, dict[Any, Row]]

    def keys(self) -> set[Key]:
        return {(name, pk) for name, table in self.rows.items() for pk in table}


async def take_snapshot() -> Snapshot:
    connection = connections.get("default")
    if connection.capabilities.dialect == "postgres":
        return await _postgres_snapshot(connection)
    rows: dict[str, dict[Any, Row]] = {}
    for name, model in models().items():
        meta = model._meta
        result = await connection.execute_query_dict(f'SELECT * FROM "{meta.db_table}"')
        rows[name] = {row[meta.db_pk_column]: row for row in result}
    return Snapshot(rows)


async def _postgres_snapshot(connection) -> Snapshot:
    """Every table in one round trip, each row as JSON (a query per table, a thousand times
    over, made the matrix ten times slower on PostgreSQL)."""
    tables = models()
    union = " UNION ALL ".join(
        f"SELECT '{name}' AS model, row_to_json(t)::text AS row FROM \"{model._meta.db_table}\" t"
        for name, model in tables.items()
    )
    rows: dict[str, dict[Any, Row]] = {name: {} for name in tables}
    for found in await connection.execute_query_dict(union):
        row = json.loads(found["row"])
        rows[found["model"]][row[tables[found["model"]]._meta.db_pk_column]] = row
    return Snapshot(rows)


@dataclass
class Ownership:
    """The organizations each row of some snapshots belongs to (the later snapshot wins)."""

    snapshots: tuple[Snapshot, ...]
    _memo: dict[Key, frozenset[int]] = field(default_factory=dict)
    links: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.links = {name: _links(model) for name, model in models().items()}

    def row(self, key: Key) -> Row | None:
        for snapshot in reversed(self.snapshots):
            found = snapshot.rows[key[0]].get(key[1])
            if found is not None:
                return found
        return None

    def owners(self, key: Key) -> frozenset[int]:
        if key in self._memo:
            return self._memo[key]
        self._memo[key] = frozenset()  # a cycle of keys adds nothing
        if key[0] == "Organization":
            found: set[int] = {key[1]}
        else:
            found = set()
            row = self.row(key) or {}
            for column, related in self.links[key[0]]:
                if row.get(column) is not None:
                    found |= self.owners((related, row[column]))
        self._memo[key] = frozenset(found)
        return self._memo[key]


@dataclass(frozen=True)
class Change:
    key: Key
    kind: str
    """created, changed or deleted"""
    owners: frozenset[int]


def foreign_changes(
    before: Snapshot, after: Snapshot, caller_orgs: frozenset[int], world_orgs: frozenset[int]
) -> list[Change]:
    """Rows of the world's other organizations that the step from `before` to `after` created,
    changed or deleted. Organizations born during the run (a visitor's registration) belong to
    no one the world knows: anyone holding their password may change them."""
    ownership = Ownership((before, after))
    born = frozenset(after.rows["Organization"]) - world_orgs
    allowed = caller_orgs | born
    found = []
    for name, table in after.rows.items():
        old = before.rows[name]
        for pk, row in table.items():
            kind = "created" if pk not in old else ("changed" if old[pk] != row else None)
            if kind is None:
                continue
            owners = ownership.owners((name, pk))
            if owners and not owners & allowed:
                found.append(Change((name, pk), kind, owners))
        for pk in old.keys() - table.keys():
            owners = ownership.owners((name, pk))
            if owners and not owners & allowed:
                found.append(Change((name, pk), "deleted", owners))
    return found


class World:
    """The rows of the built world, with who owns each and what is public."""

    def __init__(self, snapshot: Snapshot, node_types: set[str]):
        self.snapshot = snapshot
        self.ownership = Ownership((snapshot,))
        self.node_types = node_types
        self.partners: dict[int, frozenset[int]] = {}
        for account in snapshot.rows["CustomerAccount"].values():
            supplier, buyer = account["supplier_id"], account["buyer_id"]
            self.partners[buyer] = self.partners.get(buyer, frozenset()) | {supplier}
            self.partners[supplier] = self.partners.get(supplier, frozenset()) | {buyer}

    @property
    def node_models(self) -> set[str]:
        """The object types with a global ID that the world holds rows of."""
        return {name for name in self.node_types if self.snapshot.rows.get(name)}

    def rows(self, model: str) -> Iterator[tuple[Any, Row]]:
        yield from sorted(self.snapshot.rows[model].items())

    def is_public(self, key: Key) -> bool:
        """The published catalog: selling organizations, their categories, brands, published
        products and their variants, which any visitor may browse."""
        model, pk = key
        row = self.snapshot.rows[model][pk]
        if model == "Organization":
            return bool(row["can_sell"])
        if model in {"Category", "Brand"}:
            return True
        if model == "Product":
            return bool(row["published"])
        if model == "Variant":
            return self.is_public(("Product", row["product_id"]))
        return False

    def strings(self, key: Key) -> set[str]:
        model, pk = key
        row = self.snapshot.rows[model][pk]
        values = {global_id(model, pk)}
        for column in SECRET_COLUMNS:
            value = row.get(column)
            if isinstance(value, str) and len(value) >= SHORTEST_SECRET:
                values.add(value)
        return values

    def secrets(self, caller_orgs: frozenset[int]) -> set[str]:
        """What the caller must never be shown: the names and IDs of rows of other
        organizations, less the published catalog and whatever also names a row of its own."""
        foreign: set[str] = set()
        allowed: set[str] = set()
        partners = self.partners_of(caller_orgs)
        for key in self.snapshot.keys():
            owners = self.ownership.owners(key)
            if not owners:
                continue
            if key[0] in SHARED_WITH_PARTNERS and owners <= partners:
                allowed |= self.strings(key)
            elif owners & caller_orgs:
                allowed |= self.strings(key)
                allowed |= {s for target in self.targets(key) for s in self.strings(target)}
            elif self.is_public(key):
                allowed |= self.strings(key)
            else:
                foreign |= self.strings(key)
        return foreign - allowed

    def partners_of(self, caller_orgs: frozenset[int]) -> frozenset[int]:
        return frozenset().union(*(self.partners.get(org, frozenset()) for org in caller_orgs))

    def targets(self, key: Key) -> list[Key]:
        """The rows a row points to: what the caller's own rows name is the caller's to see
        (the sales rep of its customer account, the warehouse its shipment left)."""
        row = self.snapshot.rows[key[0]][key[1]]
        return [(model, row[column]) for column, model in self.ownership.links[key[0]] if row.get(column) is not None]

    def foreign_object(self, model: str, caller_orgs: frozenset[int], wanted=lambda row: True) -> Any:
        """The primary key of the object of `model` that the caller is the least entitled to
        and most likely to reach: one of a partner's other customers (another buyer's order of
        the same supplier) or the partner's own (its unpublished product), else any other
        tenant's non-public one, else another tenant's public one (a foreign supplier)."""
        partners = self.partners_of(caller_orgs)
        ranked: list[tuple[int, Any]] = []
        for pk, row in self.rows(model):
            if not wanted(row):
                continue
            owners = self.ownership.owners((model, pk))
            if owners & caller_orgs:
                continue
            public = self.is_public((model, pk))
            if not public and owners & partners:
                ranked.append((0, pk))
            elif not public and not owners <= partners:
                ranked.append((1, pk))
            elif not owners <= partners:
                ranked.append((2, pk))
        if not ranked:
            raise LookupError(f"the world has no {model} foreign to organizations {sorted(caller_orgs)}")
        return min(ranked)[1]


def strings_in(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


class Secrets:
    """What one caller must never be shown, and a search for it in a response: an ID or a
    name as a whole value, or a name anywhere inside a text (a message, a note)."""

    def __init__(self, values: set[str]):
        self.values = values
        names = [v for v in values if parse_id(v) is None]  # an ID only ever as a whole value
        longest_first = sorted(names, key=len, reverse=True)
        self._inside = re.compile("|".join(map(re.escape, longest_first))) if names else None

    def found_in(self, response: Any, besides: frozenset[str] = frozenset()) -> set[str]:
        found = set()
        for text in strings_in(response):
            if text in self.values:
                found.add(text)
            elif self._inside is not None and len(text) > SHORTEST_SECRET:
                found |= set(self._inside.findall(text))
        return found - besides
