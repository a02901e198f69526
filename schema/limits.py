"""Validation rules that bound what one document may ask for, each refusing with its own code."""

from __future__ import annotations

from typing import Any

from graphql import (
    ASTValidationRule,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
)
from strawberry.extensions import MaxAliasesLimiter

from app.settings import Settings
from schema.errors import RequestErrorCode


def _deepest_level(
    selection_set: SelectionSetNode,
    fragments: dict[str, FragmentDefinitionNode],
    level: int,
    give_up_past: int,
    fragments_on_path: frozenset[str] = frozenset(),
) -> int:
    """The deepest level of any field under a selection set whose own fields sit at `level`
    (a root field is at level 0). Stops counting once past `give_up_past`, so a deep document
    costs no more than a refused one."""
    if level > give_up_past:
        return level
    deepest = level
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            below = selection.selection_set
            depth = _deepest_level(below, fragments, level + 1, give_up_past, fragments_on_path) if below else level
        elif isinstance(selection, InlineFragmentNode):
            depth = _deepest_level(selection.selection_set, fragments, level, give_up_past, fragments_on_path)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = fragments.get(name)
            if fragment is None or name in fragments_on_path:  # NoFragmentCyclesRule reports these
                continue
            depth = _deepest_level(fragment.selection_set, fragments, level, give_up_past, fragments_on_path | {name})
        deepest = max(deepest, depth)
    return deepest


def selected_fields(
    selection_set: SelectionSetNode, fragments: dict[str, FragmentDefinitionNode], seen: frozenset[str] = frozenset()
):
    """The fields of a selection set, with its fragments and inline fragments spread in."""
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            yield selection
        elif isinstance(selection, InlineFragmentNode):
            yield from selected_fields(selection.selection_set, fragments, seen)
        elif isinstance(selection, FragmentSpreadNode) and selection.name.value not in seen:
            fragment = fragments.get(selection.name.value)
            if fragment is not None:
                yield from selected_fields(fragment.selection_set, fragments, seen | {selection.name.value})


def depth_limit_rule(max_depth: int, max_introspection_depth: int) -> type[ASTValidationRule]:
    """Every root field's nesting is bounded, introspection (`__schema`, `__type`) included: it
    gets its own bound because the standard introspection query nests deeper than any screen."""

    class DepthLimit(ASTValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_args: Any) -> None:
            fragments = {
                definition.name.value: definition
                for definition in self.context.document.definitions
                if isinstance(definition, FragmentDefinitionNode)
            }
            for field in selected_fields(node.selection_set, fragments):
                introspection = field.name.value.startswith("__")
                limit = max_introspection_depth if introspection else max_depth
                depth = _deepest_level(field.selection_set, fragments, 1, limit) if field.selection_set else 0
                if depth > limit:
                    what = "Introspection" if introspection else "The operation"
                    self.report_error(
                        GraphQLError(
                            f"{what} nests deeper than the limit of {limit} levels under '{field.name.value}'.",
                            field,
                            extensions={"code": RequestErrorCode.MAX_DEPTH_EXCEEDED.value},
                        )
                    )

    return DepthLimit


class _CodedContext:
    """A validation context whose reported errors carry a code."""

    def __init__(self, context: ValidationContext, code: RequestErrorCode):
        self._context = context
        self._code = code

    def report_error(self, error: GraphQLError) -> None:
        error.extensions = {**(error.extensions or {}), "code": self._code.value}
        self._context.report_error(error)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._context, name)


def _coded(rule: type[ASTValidationRule], code: RequestErrorCode) -> type[ASTValidationRule]:
    class Coded(rule):  # type: ignore[valid-type, misc]
        def __init__(self, context: ValidationContext):
            super().__init__(_CodedContext(context, code))

    return Coded


def limit_rules(settings: Settings) -> list[type[ASTValidationRule]]:
    return [
        depth_limit_rule(settings.max_query_depth, settings.max_introspection_depth),
        *(
            _coded(rule, RequestErrorCode.MAX_ALIASES_EXCEEDED)
            for rule in MaxAliasesLimiter(max_alias_count=settings.max_aliases).validation_rules
        ),
    ]
