"""File uploads by the GraphQL multipart request spec, and the row errors of an uploaded spreadsheet.

A mutation declares an argument of type `Upload` (Starlette's UploadFile; the schema maps it to the
`Upload` scalar) and reads it with `read_upload`; its payload lists `rowErrors` next to `userErrors`.
"""

from __future__ import annotations

from collections.abc import Sequence

import strawberry
from starlette.datastructures import UploadFile

from app.errors import ErrorCode, FieldError, UserInputError
from app.tabular import FILE_FIELD, Column, RowProblem, Table, read_table
from schema.errors import UserErrorCode

Upload = UploadFile


@strawberry.type(description="A problem in one cell or row of an uploaded file, as its spreadsheet numbers it.")
class RowError:
    row: int = strawberry.field(description="The row as the spreadsheet shows it; the header is row 1.")
    column: str | None = strawberry.field(description="The column's canonical header, when one column is at fault.")
    code: UserErrorCode
    message: str


def row_errors_of(problems: Sequence[RowProblem]) -> list[RowError]:
    return [RowError(row=p.row, column=p.column, code=p.code, message=p.message) for p in problems]


async def read_upload_bytes(upload: object) -> tuple[str, bytes]:
    """The uploaded file's name and content, for a service that reads the table itself (its columns depend
    on the caller's data); anything that is not a file answers a userError on `input.file`."""
    if not isinstance(upload, UploadFile):
        raise UserInputError([FieldError(FILE_FIELD, ErrorCode.REQUIRED, "Attach the file as a multipart upload.")])
    return upload.filename or "", await upload.read()


async def read_upload(upload: object, columns: Sequence[Column], *, max_rows: int) -> Table:
    """The uploaded file's rows; anything that is not a file answers a userError on `input.file`."""
    filename, data = await read_upload_bytes(upload)
    return read_table(filename, data, columns, max_rows=max_rows)
