"""Which documents the response cache may share, read from the document alone."""

from __future__ import annotations

import pytest

from schema.response_cache import shape_of


@pytest.mark.parametrize(
    "document",
    [
        "mutation { logout { revoked } }",
        "subscription { orderUpdated { occurredAt } }",
        "{ products { edges { node { id } } } viewer { roles } }",
        '{ cart(supplierId: "x") { id } }',
        "{ products { edges { node { variants { quota { remaining } } } } } }",
        "{ products { edges { node { ...V } } } } fragment V on Product { variants { quota { remaining } } }",
        "{ products { edges { node { id @deprecated } } } }",
        "query A { products { totalCount } } query B { brands { id } }",
    ],
)
def test_documents_that_are_not_shared(document):
    assert shape_of(document, None) is None


def test_a_catalog_read_is_shared_and_says_whether_it_reads_stock():
    names = shape_of("{ products(first: 5) { edges { node { name } } } }", None)
    assert names is not None and not names.stock
    stock = shape_of("query ($s: ID) { products(supplierId: $s) { edges { node { variants { available } } } } }", None)
    assert stock is not None and stock.stock
    assert stock.supplier_arguments == ("$s",)
    assert shape_of("query Page { categories { id } }", "Other") is None
