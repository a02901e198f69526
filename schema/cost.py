"""The calculated cost of a query, like Shopify's: what one request may ask for, and what it
takes from its caller's budget.

A scalar or enum field costs 0 and an object 1; a list multiplies what one item costs by its
size: a connection (or a list taking `first`/`last`) by its page size, the default page size
when none is given; any other list by the size declared below, or `ESTIMATED_LIST_SIZE`.
Nested lists multiply. A mutation costs `MUTATION_COST` plus what its payload selects. The
requested cost is counted from the document and its variables before anything runs, following
fragments (each response key once, so a field selected twice costs once); the actual cost is
the same count over the lists the result really holds.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    get_nullable_type,
    is_abstract_type,
    is_leaf_type,
    is_list_type,
)
from strawberry.extensions import SchemaExtension

from app.accounts.permissions import Principal
from app.pagination import DEFAULT_PAGE_SIZE
from app.ratelimit import CostBuckets
from app.runtime import get_runtime
from app.settings import Settings
from schema.errors import RequestErrorCode

MUTATION_COST = 10
# The introspection query of GraphiQL or gql.tada walks every type once, from memory: a flat
# price that lets it through and still refuses dozens of aliased copies.
INTROSPECTION_COST = 100
ESTIMATED_LIST_SIZE = 10
# Lists without a page size, by what the demo data and real suppliers hold; an unlisted one
# counts ESTIMATED_LIST_SIZE items.
LIST_SIZES: dict[str, int] = {
    "Product.variants": 5,
    "Product.promotions": 3,
    "Variant.promotions": 3,
    "Variant.volumeBreaks": 3,
    "Variant.stockLevels": 3,
    "Query.categories": 50,
    "Query.brands": 50,
    "Query.promotions": 50,
    "Query.priceLists": 20,
    "Cart.lines": 30,
    "CartPreview.lines": 30,
    "Order.lines": 30,
}
# Parts of their parent object, built with it and never loaded on their own: they cost what
# their fields do, like a scalar would.
VALUE_TYPES = frozenset({"Money", "PageInfo", "UserError"})


def _type_weight(named: GraphQLNamedType) -> int:
    is_edge = named.name.endswith("Edge") and isinstance(named, GraphQLObjectType) and "node" in named.fields
    return 0 if is_edge or named.name in VALUE_TYPES else 1


def _is_connection(named: GraphQLNamedType) -> bool:
    return isinstance(named, GraphQLObjectType) and "edges" in named.fields and "pageInfo" in named.fields


@dataclass(frozen=True)
class _Field:
    owner: Any  # the object or interface type the field is selected on
    nodes: tuple[FieldNode, ...]  # every node of one response key, their selections merged


class _Counter:
    """One count over an operation: requested (no result given) or actual (over `data`)."""

    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: dict[str, FragmentDefinitionNode],
        variables: dict[str, Any],
        max_page_size: int,
    ):
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.max_page_size = max_page_size

    def _collect(
        self,
        parent: Any,
        selection_sets: Iterable[SelectionSetNode],
        fields: dict[str, _Field],
        spread: frozenset[str] = frozenset(),
    ) -> dict[str, _Field]:
        for selection_set in selection_sets:
            for selection in selection_set.selections:
                if isinstance(selection, FieldNode):
                    key = selection.alias.value if selection.alias else selection.name.value
                    known = fields.get(key)
                    fields[key] = (
                        _Field(known.owner, known.nodes + (selection,)) if known else _Field(parent, (selection,))
                    )
                    continue
                inner_spread = spread
                if isinstance(selection, InlineFragmentNode):
                    condition, inner = selection.type_condition, selection.selection_set
                elif isinstance(selection, FragmentSpreadNode) and selection.name.value not in spread:
                    fragment = self.fragments.get(selection.name.value)
                    if fragment is None:
                        continue
                    condition, inner = fragment.type_condition, fragment.selection_set
                    inner_spread = spread | {selection.name.value}
                else:
                    continue
                owner = self.schema.get_type(condition.name.value) if condition else parent
                self._collect(owner or parent, (inner,), fields, inner_spread)
        return fields

    def _argument(self, node: FieldNode, name: str) -> Any:
        argument = next((a for a in node.arguments or () if a.name.value == name), None)
        if argument is None:
            return None
        value = argument.value
        if isinstance(value, VariableNode):
            return self.variables.get(value.name.value)
        if isinstance(value, IntValueNode):
            return int(value.value)
        if isinstance(value, ListValueNode):
            return value.values
        return None

    def _page_size(self, definition: GraphQLField, node: FieldNode) -> int | None:
        """The size a field asks for: first/last (the default page size when neither is given),
        the number of ids of `nodes(ids:)`, or None for a list that takes no size."""
        if "first" in definition.args or "last" in definition.args:
            asked = [
                size for size in (self._argument(node, "first"), self._argument(node, "last")) if isinstance(size, int)
            ]
            return min(max(asked, default=DEFAULT_PAGE_SIZE), self.max_page_size)
        if "ids" in definition.args:
            ids = self._argument(node, "ids")
            return len(ids) if isinstance(ids, list | tuple) else self.max_page_size
        return None

    def selection(
        self, parent: Any, selection_sets: Iterable[SelectionSetNode], page_size: int | None, data: Any
    ) -> int:
        total = 0
        for key, field in self._collect(parent, selection_sets, {}).items():
            name = field.nodes[0].name.value
            if name == "__typename":
                continue
            if name in ("__schema", "__type"):
                total += INTROSPECTION_COST
                continue
            value = data.get(key) if isinstance(data, dict) else None
            if data is not None and value is None:
                continue
            total += self.field(field, page_size, value if data is not None else None)
        return total

    def field(self, field: _Field, parent_page_size: int | None, value: Any) -> int:
        name = field.nodes[0].name.value
        definition = field.owner.fields[name]
        named = get_named_type(definition.type)
        if is_leaf_type(named):
            return 0
        inner = tuple(node.selection_set for node in field.nodes if node.selection_set)
        weight = _type_weight(named)
        requested = value is None
        if not requested:
            items = value if isinstance(value, list) else [value]
            return sum(weight + self.selection(self._runtime_type(named, item), inner, None, item) for item in items)
        size = self._page_size(definition, field.nodes[0])
        each = weight + self.selection(named, inner, size if _is_connection(named) else None, None)
        if not is_list_type(get_nullable_type(definition.type)):
            return each
        if size is not None and not _is_connection(named):
            return size * each
        if parent_page_size is not None:
            return parent_page_size * each
        return LIST_SIZES.get(f"{field.owner.name}.{name}", ESTIMATED_LIST_SIZE) * each

    def _runtime_type(self, named: GraphQLNamedType, item: Any) -> Any:
        """An item of an interface or union counts under its own type when the result names it."""
        if is_abstract_type(named) and isinstance(item, dict) and "__typename" in item:
            return self.schema.get_type(item["__typename"]) or named
        return named


def _operation(document: DocumentNode, operation_name: str | None) -> OperationDefinitionNode | None:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is None:
        return operations[0] if len(operations) == 1 else None
    return next((o for o in operations if o.name and o.name.value == operation_name), None)


def query_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    *,
    operation_name: str | None = None,
    variables: dict[str, Any] | None = None,
    max_page_size: int = 100,
    data: dict[str, Any] | None = None,
) -> int:
    """The requested cost of the operation, or its actual cost over `data` when given."""
    operation = _operation(document, operation_name)
    if operation is None:
        return 0
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    counter = _Counter(schema, fragments, variables or {}, max_page_size)
    root = schema.get_root_type(operation.operation)
    if root is None:
        return 0
    if operation.operation is not OperationType.MUTATION:
        return counter.selection(root, (operation.selection_set,), None, data)
    fields = counter._collect(root, (operation.selection_set,), {})
    total = 0
    for key, field in fields.items():
        if field.nodes[0].name.value == "__typename":
            continue
        value = data.get(key) if data is not None else None
        total += MUTATION_COST + (counter.field(field, None, value) if data is None or value is not None else 0)
    return total


def budget_key(context: Any) -> str:
    """Whose budget a request spends: a user's (all their sessions), an app token's, or for
    anyone else the client address."""
    caller = getattr(context, "caller", None)
    if isinstance(caller, Principal) and caller.user_id is not None:
        return f"user:{caller.user_id}"
    credential = getattr(context, "credential", None)
    if isinstance(caller, Principal) and caller.is_app and credential:
        return "app:" + hashlib.sha256(credential.encode()).hexdigest()[:32]
    return f"address:{getattr(context, 'client_address', None) or 'unknown'}"


def _refusal(message: str, code: RequestErrorCode, figures: dict[str, Any]) -> ExecutionResult:
    return ExecutionResult(data=None, errors=[GraphQLError(message, extensions={"code": code.value, "cost": figures})])


class QueryCost(SchemaExtension):
    """Refuses an operation above the maximum cost or its caller's budget before it runs,
    gives back what the result did not use, and answers `extensions.cost` on every response."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.requested = 0
        self.actual = 0
        self.available: float | None = None

    def _buckets(self) -> CostBuckets:
        return get_runtime().cost_buckets

    async def on_execute(self) -> AsyncIterator[None]:
        context = self.execution_context
        assert context.graphql_document is not None
        schema = context.schema._schema
        self.requested = query_cost(
            schema,
            context.graphql_document,
            operation_name=context.operation_name,
            variables=context.variables,
            max_page_size=self.settings.max_page_size,
        )
        maximum = self.settings.max_query_cost
        if self.requested > maximum:
            error = _refusal(
                f"The query costs {self.requested}, above the maximum of {maximum} per request; "
                "ask for fewer items per page or fewer fields of lists.",
                RequestErrorCode.MAX_COST_EXCEEDED,
                {"requestedQueryCost": self.requested, "maximumQueryCost": maximum},
            )
            if context.operation_type is OperationType.SUBSCRIPTION:
                raise error.errors[0]
            context.result = error
            yield
            return
        if context.operation_type is OperationType.SUBSCRIPTION:
            # A subscription is bounded per event by the maximum; its events spend no budget.
            yield
            return
        key = budget_key(context.context)
        buckets = self._buckets()
        granted, self.available = await buckets.take(key, self.requested)
        if not granted:
            rate = buckets.restore_rate
            retry_after = math.ceil((self.requested - self.available) / rate)
            context.result = _refusal(
                f"Throttled: the query costs {self.requested} and {math.floor(self.available)} of the budget "
                f"is left, which refills at {rate} a second; retry in {retry_after}s.",
                RequestErrorCode.THROTTLED,
                {
                    "requestedQueryCost": self.requested,
                    "currentlyAvailable": math.floor(self.available),
                    "restoreRate": rate,
                    "retryAfterSeconds": retry_after,
                },
            )
            yield
            return
        yield
        result = context.result
        data = getattr(result, "data", None)
        self.actual = (
            query_cost(
                schema,
                context.graphql_document,
                operation_name=context.operation_name,
                variables=context.variables,
                max_page_size=self.settings.max_page_size,
                data=data,
            )
            if isinstance(data, dict)
            else 0
        )
        if self.actual < self.requested:
            self.available = await self._buckets().give_back(key, self.requested - self.actual)

    async def get_results(self) -> dict[str, Any]:
        buckets = self._buckets()
        if self.available is None:
            self.available = await buckets.peek(budget_key(self.execution_context.context))
        return {
            "cost": {
                "requestedQueryCost": self.requested,
                "actualQueryCost": self.actual,
                "throttleStatus": {
                    "maximumAvailable": buckets.capacity,
                    "currentlyAvailable": math.floor(self.available),
                    "restoreRate": buckets.restore_rate,
                },
            }
        }
