"""The reference the catalog figures are a ratio of: plain strawberry (no auth, no database)
answering `{ products(first: 50) { id name } }` from a list in memory, behind uvicorn with one worker.

    .venv/bin/python -m uvicorn bench.reference_server:app --port 8100
"""

from __future__ import annotations

import strawberry
from strawberry.asgi import GraphQL


@strawberry.type
class Product:
    id: strawberry.ID
    name: str


PRODUCTS = [Product(id=strawberry.ID(f"UHJvZHVjdDo{n}"), name=f"商品 Product {n}") for n in range(1, 101)]


@strawberry.type
class Query:
    @strawberry.field
    def products(self, first: int = 50) -> list[Product]:
        return PRODUCTS[:first]


app = GraphQL(strawberry.Schema(query=Query))
REFERENCE_QUERY = "{ products(first: 50) { id name } }"
