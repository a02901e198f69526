"""productsImport and customersImport: a spreadsheet in, validated row by row, written all-or-nothing."""

from __future__ import annotations

import strawberry

from app.imports import customers, products
from app.imports.common import ImportResult
from schema.errors import UserError, mutation_payload
from schema.uploads import RowError, Upload, read_upload_bytes, row_errors_of

IMPORT_ERRORS = "INVALID, REQUIRED, OUT_OF_RANGE (a file-wide problem on input.file)"
ROW_CODES = "INVALID, REQUIRED, TOO_LONG, OUT_OF_RANGE, DUPLICATE, ALREADY_EXISTS, NOT_FOUND, INSUFFICIENT_STOCK"


@strawberry.input(description="A products file: one row per SKU (see the README's bulk import section).")
class ProductsImportInput:
    file: Upload
    dry_run: bool = strawberry.field(default=False, description="Check every row and count, but write nothing.")


@strawberry.input(description="A customers file: one row per customer account, by customer code.")
class CustomersImportInput:
    file: Upload
    dry_run: bool = strawberry.field(default=False, description="Check every row and count, but write nothing.")


@strawberry.interface
class ImportPayload:
    created: int = strawberry.field(default=0, description="Created, or with dryRun would be created.")
    updated: int = strawberry.field(default=0, description="Updated, or with dryRun would be updated.")
    written: bool = strawberry.field(default=False, description="False for a dry run or a file with rowErrors.")
    row_errors: list[RowError] = strawberry.field(
        default_factory=list, description=f"Problems by row and column ({ROW_CODES}); any of them: nothing written."
    )
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(description=f"The result of productsImport (counts are products). userErrors: {IMPORT_ERRORS}.")
class ProductsImportPayload(ImportPayload):
    pass


@strawberry.type(description=f"The result of customersImport (counts are customers). userErrors: {IMPORT_ERRORS}.")
class CustomersImportPayload(ImportPayload):
    pass


def _fields(result: ImportResult) -> dict:
    return {
        "created": result.created,
        "updated": result.updated,
        "written": result.written,
        "row_errors": row_errors_of(result.problems),
    }


@strawberry.type
class ImportsMutation:
    @strawberry.mutation(
        description="Products with variants, base prices and stock from .xlsx/.csv: upserts by productCode and sku."
    )
    @mutation_payload(ProductsImportPayload)
    async def products_import(self, info: strawberry.Info, input: ProductsImportInput) -> ProductsImportPayload:
        filename, data = await read_upload_bytes(input.file)
        result = await products.import_products(info.context.principal, filename, data, dry_run=input.dry_run)
        return ProductsImportPayload(**_fields(result))

    @strawberry.mutation(
        description="Customers with tiers, credit and sales reps from .xlsx/.csv: upserts by customerCode; a new "
        "customer's contact is invited to set a password."
    )
    @mutation_payload(CustomersImportPayload)
    async def customers_import(self, info: strawberry.Info, input: CustomersImportInput) -> CustomersImportPayload:
        filename, data = await read_upload_bytes(input.file)
        result = await customers.import_customers(
            info.context.principal, filename, data, dry_run=input.dry_run, transport=info.context.services.transport
        )
        return CustomersImportPayload(**_fields(result))
