"""Refuses text no store can hold, once for every argument of every operation: PostgreSQL
refuses NUL (U+0000) in text and a lone surrogate cannot be encoded as UTF-8, so either
would otherwise fail deep inside a resolver as an internal error."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    GraphQLError,
    InlineFragmentNode,
    ListValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    StringValueNode,
    ValueNode,
    VariableNode,
)
from strawberry.extensions import SchemaExtension

from schema.errors import RequestErrorCode

Path = tuple[str, ...]


def unsafe_text_reason(text: str) -> str | None:
    if "\x00" in text:
        return "a NUL character (U+0000)"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "a lone surrogate (an unpaired UTF-16 half)"
    return None


def _in_value(value: Any, path: Path) -> tuple[Path, str] | None:
    """The first unsafe string in a variable's value, as sent in JSON."""
    if isinstance(value, str):
        reason = unsafe_text_reason(value)
        return (path, reason) if reason else None
    if isinstance(value, dict):
        items: Iterator[tuple[str, Any]] = ((str(key), item) for key, item in value.items())
    elif isinstance(value, list):
        items = ((str(index), item) for index, item in enumerate(value))
    else:
        return None
    for key, item in items:
        # A key is a field name the schema checks, but it still reaches error messages.
        key_reason = unsafe_text_reason(key)
        if key_reason:
            return path, key_reason
        found = _in_value(item, (*path, key))
        if found:
            return found
    return None


class _DocumentWalk:
    def __init__(self, document: DocumentNode, variables: dict[str, Any]):
        self.variables = variables
        self.defaults: dict[str, ValueNode] = {
            definition.variable.name.value: definition.default_value
            for operation in document.definitions
            if isinstance(operation, OperationDefinitionNode)
            for definition in operation.variable_definitions or ()
            if definition.default_value is not None
        }
        self.document = document

    def first_unsafe(self) -> tuple[Path, str] | None:
        for definition in self.document.definitions:
            if isinstance(definition, OperationDefinitionNode | FragmentDefinitionNode):
                found = self._in_selections(definition.selection_set)
                if found:
                    return found
        return None

    def _in_selections(self, selection_set: SelectionSetNode | None) -> tuple[Path, str] | None:
        for selection in selection_set.selections if selection_set else ():
            found = None
            if isinstance(selection, FieldNode):
                for argument in selection.arguments or ():
                    found = found or self._in_literal(argument.value, (selection.name.value, argument.name.value))
                found = found or self._in_selections(selection.selection_set)
            elif isinstance(selection, InlineFragmentNode):
                found = self._in_selections(selection.selection_set)
            if found:
                return found
        return None

    def _in_literal(self, node: ValueNode, path: Path) -> tuple[Path, str] | None:
        if isinstance(node, StringValueNode):
            reason = unsafe_text_reason(node.value)
            return (path, reason) if reason else None
        if isinstance(node, VariableNode):
            name = node.name.value
            if name in self.variables:
                return _in_value(self.variables[name], path)
            default = self.defaults.get(name)
            return self._in_literal(default, path) if default is not None else None
        if isinstance(node, ObjectValueNode):
            for field in node.fields:
                found = self._in_literal(field.value, (*path, field.name.value))
                if found:
                    return found
        if isinstance(node, ListValueNode):
            for index, item in enumerate(node.values):
                found = self._in_literal(item, (*path, str(index)))
                if found:
                    return found
        return None


class RefuseUnsafeText(SchemaExtension):
    """Before any resolver runs: an argument holding unsafe text answers BAD_USER_INPUT naming it."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        if context.graphql_document is not None:
            found = _DocumentWalk(context.graphql_document, context.variables or {}).first_unsafe()
            if found:
                path, reason = found
                context.result = ExecutionResult(
                    data=None,
                    errors=[
                        GraphQLError(
                            f"{'.'.join(path)} contains {reason}, which text may not hold.",
                            extensions={"code": RequestErrorCode.BAD_USER_INPUT.value, "field": list(path)},
                        )
                    ],
                )
        yield
