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
from schema.kept import KeptPerDocument

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


@dataclass(frozen=True)
class _Selected:
    """One response key of a selection that can cost something, worked out once per count."""

    key: str
    node: FieldNode
    definition: GraphQLField | None  # None for an introspection field
    named: Any
    weight: int
    inner: tuple[SelectionSetNode, ...]
    is_list: bool
    is_connection: bool
    estimated_size: int
    children: list[_Selected] | None  # None under an interface or union: decided per item


class _Counter:
    """Counts over one operation: requested (from the document) or actual (over the result)."""

    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: dict[str, FragmentDefinitionNode],
        variables: dict[str, Any],
        max_page_size: int,
        plans: dict[tuple[str, tuple[int, ...]], list[_Selected]],
    ):
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.max_page_size = max_page_size
        # A result walks the same selections once per item: what they hold is worked out once.
        self.plans = plans

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

    def plan(self, parent: Any, selection_sets: tuple[SelectionSetNode, ...]) -> list[_Selected]:
        plan_key = (parent.name, tuple(id(selection_set) for selection_set in selection_sets))
        known = self.plans.get(plan_key)
        if known is not None:
            return known
        plan = []
        for key, field in self._collect(parent, selection_sets, {}).items():
            node = field.nodes[0]
            name = node.name.value
            if name in ("__schema", "__type"):
                plan.append(_Selected(key, node, None, None, INTROSPECTION_COST, (), False, False, 1, []))
                continue
            if name == "__typename":
                continue
            definition = field.owner.fields[name]
            named = get_named_type(definition.type)
            if is_leaf_type(named):
                continue
            inner = tuple(n.selection_set for n in field.nodes if n.selection_set)
            weight = _type_weight(named)
            children = None if is_abstract_type(named) else self.plan(named, inner)
            if weight == 0 and children == []:
                continue  # a value of only scalars (Money, PageInfo) costs nothing however many there are
            plan.append(
                _Selected(
                    key,
                    node,
                    definition,
                    named,
                    weight,
                    inner,
                    is_list_type(get_nullable_type(definition.type)),
                    _is_connection(named),
                    LIST_SIZES.get(f"{field.owner.name}.{name}", ESTIMATED_LIST_SIZE),
                    children,
                )
            )
        self.plans[plan_key] = plan
        return plan

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

    def requested(self, parent: Any, selection_sets: tuple[SelectionSetNode, ...], page_size: int | None) -> int:
        """`page_size` is that of the connection whose own fields these are (edges, nodes)."""
        total = 0
        for selected in self.plan(parent, selection_sets):
            total += self.requested_field(selected, page_size)
        return total

    def requested_field(self, selected: _Selected, page_size: int | None) -> int:
        if selected.definition is None:
            return selected.weight
        size = self._page_size(selected.definition, selected.node)
        each = selected.weight + self.requested(
            selected.named, selected.inner, size if selected.is_connection else None
        )
        if not selected.is_list:
            return each
        if size is not None and not selected.is_connection:
            return size * each
        return (page_size if page_size is not None else selected.estimated_size) * each

    def actual(self, plan: list[_Selected], data: dict[str, Any]) -> int:
        total = 0
        for selected in plan:
            total += self.actual_field(selected, data.get(selected.key))
        return total

    def actual_field(self, selected: _Selected, value: Any) -> int:
        if value is None:
            return 0
        if selected.definition is None:
            return selected.weight
        items = value if isinstance(value, list) else (value,)
        if selected.children == []:
            return selected.weight * len(items)
        total = 0
        for item in items:
            if isinstance(item, dict):
                children = selected.children
                if children is None:
                    children = self.plan(self._runtime_type(selected.named, item), selected.inner)
                total += selected.weight + self.actual(children, item)
        return total

    def _runtime_type(self, named: GraphQLNamedType, item: dict[str, Any]) -> Any:
        """An item of an interface or union counts under its own type when the result names it."""
        if "__typename" in item:
            return self.schema.get_type(item["__typename"]) or named
        return named


_Plans = dict[tuple[str, tuple[int, ...]], list[_Selected]]
_kept_plans: KeptPerDocument[_Plans] = KeptPerDocument()


def _plans_of(schema: GraphQLSchema, document: DocumentNode) -> _Plans:
    """The plans of a document's selections, worked out once per document: they depend on the document and the
    schema only (variables count later), and every checkout sends the same text."""
    return _kept_plans.get(document, schema, dict)


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
    counter = _Counter(schema, fragments, variables or {}, max_page_size, _plans_of(schema, document))
    root = schema.get_root_type(operation.operation)
    if root is None:
        return 0
    selection = (operation.selection_set,)
    if operation.operation is not OperationType.MUTATION:
        return (
            counter.requested(root, selection, None)
            if data is None
            else counter.actual(counter.plan(root, selection), data)
        )
    total = 0
    for selected in counter.plan(root, selection):
        if data is None:
            total += MUTATION_COST + counter.requested_field(selected, None)
        elif selected.key in data:
            total += MUTATION_COST + counter.actual_field(selected, data[selected.key])
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
        return cost_extension(self.requested, self.actual, self.available, buckets)


def cost_extension(requested: int, actual: int, available: float, buckets: CostBuckets) -> dict[str, Any]:
    """`extensions` of a response: its cost and what is left of the caller's budget."""
    return {
        "cost": {
            "requestedQueryCost": requested,
            "actualQueryCost": actual,
            "throttleStatus": {
                "maximumAvailable": buckets.capacity,
                "currentlyAvailable": math.floor(available),
                "restoreRate": buckets.restore_rate,
            },
        }
    }
