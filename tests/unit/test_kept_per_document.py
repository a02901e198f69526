"""Validation and cost plans are worked out once per parsed document and forgotten with it."""

from __future__ import annotations

import gc

from graphql import parse

from schema import kept
from schema.kept import KeptPerDocument


def test_a_value_is_worked_out_once_per_document_and_basis():
    values = KeptPerDocument()
    document, twin = parse("{ a }"), parse("{ a }")
    worked = []

    def work_out():
        worked.append(1)
        return len(worked)

    assert values.get(document, "schema", work_out) == 1
    assert values.get(document, "schema", work_out) == 1, "kept"
    assert values.get(twin, "schema", work_out) == 2, "an equal text parsed again is another document"
    assert values.get(document, "another schema", work_out) == 3, "another basis works it out again"


def test_a_collected_document_takes_its_value_along():
    values = KeptPerDocument()
    document = parse("{ a }")
    values.get(document, None, lambda: "plan")
    assert len(values) == 1
    del document
    gc.collect()
    assert len(values) == 0


async def test_the_server_validates_a_document_once(monkeypatch):
    from app.settings import load_settings
    from schema.root import build_schema

    validated = []
    real = kept.validate_document
    monkeypatch.setattr(kept, "validate_document", lambda *args: validated.append(1) or real(*args))
    schema = build_schema(load_settings({"DINGHUO_SECRET_KEY": "k" * 40}))
    text = "query Tax { __typename }"
    for _ in range(3):
        assert (await schema.execute(text)).errors is None
    assert validated == [1]
    assert (await schema.execute("{ nope }")).errors, "a bad document is still refused"
    assert validated == [1, 1]
