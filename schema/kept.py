"""What the server works out once per parsed document (its validation, its cost plans), kept while the
document lives. strawberry's parser cache hands every request with the same text the same document, so a
look-up by the document's identity finds it; graphql-core hashes a node by walking its whole tree, which cost
more per request than the look-ups saved (1.7% of a checkout's CPU)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any, Generic, TypeVar
from weakref import ref

from graphql import DocumentNode
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

T = TypeVar("T")


class KeptPerDocument(Generic[T]):
    """A value per live document and `basis` (what else the value was worked out from): a document that is
    garbage collected takes its value along."""

    def __init__(self) -> None:
        self._kept: dict[int, tuple[ref[DocumentNode], Any, T]] = {}

    def get(self, document: DocumentNode, basis: Any, work_out: Callable[[], T]) -> T:
        key = id(document)
        kept = self._kept.get(key)
        if kept is None or kept[0]() is not document or kept[1] != basis:
            kept = (ref(document, partial(self._forget, key)), basis, work_out())
            self._kept[key] = kept
        return kept[2]

    def __len__(self) -> int:
        return len(self._kept)

    def _forget(self, key: int, gone: ref[DocumentNode]) -> None:
        if key in self._kept and self._kept[key][0] is gone:
            del self._kept[key]


_validations: KeptPerDocument[list] = KeptPerDocument()


class KeptValidation(SchemaExtension):
    """strawberry's ValidationCache, keyed by the document's identity instead of its hash."""

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        schema, document, rules = context.schema._schema, context.graphql_document, context.validation_rules
        assert document is not None, "strawberry validates only a parsed document"
        context.pre_execution_errors = _validations.get(
            document, (schema, rules), lambda: validate_document(schema, document, rules)
        )
        yield
