"""Names each GraphQL request by its operation type and first root field (`mutation checkout`),
for the latency and SQL metrics and the log lines: a label of bounded variety, unlike the
client's own operation name."""

from __future__ import annotations

from collections.abc import Iterator

from graphql import FieldNode, OperationDefinitionNode
from strawberry.extensions import SchemaExtension

from app import telemetry


class NameOperation(SchemaExtension):
    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None:
            for definition in document.definitions:
                if not isinstance(definition, OperationDefinitionNode):
                    continue
                if context.operation_name and (
                    definition.name is None or definition.name.value != context.operation_name
                ):
                    continue
                first = next((s for s in definition.selection_set.selections if isinstance(s, FieldNode)), None)
                root = first.name.value if first is not None else "-"
                telemetry.name_operation(f"{definition.operation.value} {root}")
                break
        yield
