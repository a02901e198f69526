"""Spreadsheets in and out: an uploaded .xlsx or .csv read into numbered rows, sheets written to .xlsx/.csv.

Every importer (products, customers, dealers' sell-through reports) reads through here, so every upload
speaks one language to the person who made the file: rows are numbered as their spreadsheet shows them
(the header is row 1), columns are named by their header, and each problem is (row, column, reason).
The checks of single values are app.validation's, the same the GraphQL inputs get.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from openpyxl import Workbook, load_workbook

from app.errors import ErrorCode, FieldError, UserInputError
from app.validation import MAX_QUANTITY, Checker

FILE_FIELD = ("input", "file")
# Excel and WPS save CSV as UTF-8 (with or without a BOM) or, on Chinese Windows, as GB 18030.
CSV_ENCODINGS = ("utf-8-sig", "gb18030")
UNSAFE_CHARACTERS = ("\x00",)

Tables = dict[str, list[tuple]]
"""Named sheets of rows, the first row of each its header: what every download is made of."""


@dataclass(frozen=True)
class Column:
    """One column an importer understands: `key` is its canonical header, `headers` other accepted spellings."""

    key: str
    headers: tuple[str, ...] = ()
    required: bool = False

    def accepts(self, header: str) -> bool:
        folded = header.casefold()
        return folded == self.key.casefold() or any(folded == name.casefold() for name in self.headers)


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str | None
    code: ErrorCode
    message: str


@dataclass(frozen=True)
class Row:
    number: int
    values: dict[str, str]


@dataclass
class Table:
    rows: list[Row]
    problems: list[RowProblem] = field(default_factory=list)


def read_table(filename: str, data: bytes, columns: Sequence[Column], *, max_rows: int) -> Table:
    """The file's first sheet as rows keyed by column key; blank rows are skipped, header problems reported
    as row 1. A file that cannot be read at all raises UserInputError on `input.file`."""
    lines = _cells(filename, data)
    header = next(lines, None)
    if header is None or not any(header):
        raise _file_error(ErrorCode.REQUIRED, "The file is empty: its first row must name the columns.")
    keys, problems = _bind_header(header, columns)
    rows: list[Row] = []
    for number, cells in enumerate(lines, start=2):
        values = {key: value for key, value in zip(keys, cells, strict=False) if key is not None and value}
        if not values:
            continue
        if len(rows) == max_rows:
            raise _file_error(ErrorCode.OUT_OF_RANGE, f"The file has more than {max_rows} rows; split it.")
        problems.extend(_unsafe_cells(number, values))
        rows.append(Row(number, values))
    return Table(rows, problems)


def _bind_header(header: list[str], columns: Sequence[Column]) -> tuple[list[str | None], list[RowProblem]]:
    keys: list[str | None] = []
    problems: list[RowProblem] = []
    for text in header:
        column = next((c for c in columns if text and c.accepts(text)), None)
        if text and column is None:
            expected = ", ".join(c.key for c in columns)
            problems.append(RowProblem(1, text, ErrorCode.INVALID, f"Unknown column '{text}'; expected: {expected}."))
        elif column is not None and column.key in keys:
            problems.append(RowProblem(1, text, ErrorCode.DUPLICATE, f"Column '{column.key}' appears twice."))
            column = None
        keys.append(column.key if column else None)
    problems.extend(
        RowProblem(1, c.key, ErrorCode.REQUIRED, f"Column '{c.key}' is missing.")
        for c in columns
        if c.required and c.key not in keys
    )
    return keys, problems


def _unsafe_cells(number: int, values: dict[str, str]) -> Iterator[RowProblem]:
    for key, value in values.items():
        if any(character in value for character in UNSAFE_CHARACTERS):
            yield RowProblem(number, key, ErrorCode.INVALID, f"{key} contains a NUL character.")


def _cells(filename: str, data: bytes) -> Iterator[list[str]]:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix == "xlsx":
        return _xlsx_cells(data)
    if suffix in ("csv", "txt"):
        return _csv_cells(data)
    raise _file_error(ErrorCode.INVALID, f"'{filename}' is neither .xlsx nor .csv.")


def _csv_cells(data: bytes) -> Iterator[list[str]]:
    for encoding in CSV_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return ([cell.strip() for cell in line] for line in csv.reader(io.StringIO(text, newline="")))
    raise _file_error(ErrorCode.INVALID, "The CSV file is neither UTF-8 nor GB 18030 text.")


def _xlsx_cells(data: bytes) -> Iterator[list[str]]:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises zipfile, KeyError and XML errors for a damaged file
        raise _file_error(ErrorCode.INVALID, "The file is not a readable .xlsx workbook.") from error
    sheet = book.worksheets[0]
    return ([_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True))


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(Decimal(repr(value)))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _file_error(code: ErrorCode, message: str) -> UserInputError:
    return UserInputError([FieldError(FILE_FIELD, code, message)])


class RowReader:
    """Reads one row's values with app.validation's checks; every problem lands in `problems` as (row, column)."""

    def __init__(self, row: Row, problems: list[RowProblem]):
        self.row = row
        self.problems = problems
        self._checker = Checker(prefix=())

    def text(self, key: str, *, max_length: int, required: bool = False) -> str | None:
        return self._checked(
            lambda: self._checker.text(key, self.row.values.get(key), max_length=max_length, required=required)
        )

    def email(self, key: str, *, required: bool = False) -> str | None:
        return self._checked(lambda: self._checker.email(key, self.row.values.get(key), required=required))

    def phone(self, key: str, *, required: bool = False) -> str | None:
        return self._checked(lambda: self._checker.phone(key, self.row.values.get(key), required=required))

    def money(self, key: str, *, required: bool = False, minimum: Decimal = Decimal(0)) -> Decimal | None:
        if self._missing(key, required):
            return None
        return self._checked(lambda: self._checker.money(key, self.row.values[key], minimum=minimum))

    def integer(self, key: str, *, required: bool = False, minimum: int = 0, maximum: int = MAX_QUANTITY) -> int | None:
        if self._missing(key, required):
            return None
        raw = self.row.values[key]
        try:
            number = Decimal(raw)
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite() or number != number.to_integral_value():
            self._add(key, ErrorCode.INVALID, f"{key} must be a whole number, not '{raw}'.")
            return None
        return self._checked(lambda: self._checker.integer(key, int(number), minimum=minimum, maximum=maximum))

    def day(self, key: str, *, required: bool = False) -> date | None:
        if self._missing(key, required):
            return None
        raw = self.row.values[key]
        try:
            return date.fromisoformat(raw[:10].replace("/", "-"))
        except ValueError:
            self._add(key, ErrorCode.INVALID, f"{key} must be a date (YYYY-MM-DD), not '{raw}'.")
            return None

    def choice(self, key: str, options: dict[str, str], *, required: bool = False) -> str | None:
        """`options` maps each accepted spelling (case-insensitive) to the value it stands for."""
        if self._missing(key, required):
            return None
        raw = self.row.values[key]
        found = next((value for spelling, value in options.items() if spelling.casefold() == raw.casefold()), None)
        if found is None:
            self._add(key, ErrorCode.INVALID, f"{key} must be one of {', '.join(options)}, not '{raw}'.")
        return found

    def _missing(self, key: str, required: bool) -> bool:
        if key in self.row.values:
            return False
        if required:
            self._add(key, ErrorCode.REQUIRED, f"{key} is required.")
        return True

    def _add(self, key: str, code: ErrorCode, message: str) -> None:
        self.problems.append(RowProblem(self.row.number, key, code, message))

    def _checked(self, check):
        value = check()
        self.problems.extend(row_problems(self.row.number, self._checker.errors))
        self._checker.errors.clear()
        return value


def row_problems(row: int, errors: list[FieldError]) -> list[RowProblem]:
    """A Checker's errors as one row's problems, each on the column its field's last part names."""
    return [RowProblem(row, e.field[-1] if e.field else None, e.code, e.message) for e in errors]


def write_csv(tables: Tables, *, titled: bool = True) -> str:
    """Each table after a `# name` line; `titled=False` for a one-table file an import reads back."""
    out = io.StringIO()
    writer = csv.writer(out)
    for name, rows in tables.items():
        if titled:
            writer.writerow([f"# {name}"])
        writer.writerows([[str(v) for v in row] for row in rows])
        if titled:
            writer.writerow([])
    return out.getvalue()


def write_xlsx(tables: Tables) -> bytes:
    book = Workbook(write_only=True)
    for name, rows in tables.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
