"""Reading uploaded spreadsheets: numbered rows, header binding and (row, column, reason) problems."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import Workbook

from app.errors import ErrorCode, UserInputError
from app.tabular import Column, RowReader, read_table, write_csv, write_xlsx

COLUMNS = (Column("sku", ("商品编码",), required=True), Column("quantity", ("数量",)), Column("price"), Column("day"))


def xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_csv_rows_are_numbered_as_the_spreadsheet_shows_them_and_blank_rows_skipped():
    data = "SKU,数量\nA-1, 5\n,\nB-2,7\n".encode()
    table = read_table("stock.csv", data, COLUMNS, max_rows=10)
    assert table.problems == []
    assert [(r.number, r.values) for r in table.rows] == [
        (2, {"sku": "A-1", "quantity": "5"}),
        (4, {"sku": "B-2", "quantity": "7"}),
    ]


def test_gb18030_csv_from_chinese_excel_is_read():
    table = read_table("s.csv", "商品编码,数量\n绿茶-1,3\n".encode("gb18030"), COLUMNS, max_rows=10)
    assert table.rows[0].values == {"sku": "绿茶-1", "quantity": "3"}


def test_xlsx_cells_become_text_as_a_person_typed_them():
    data = xlsx(
        [
            ["sku", "quantity", "price", "day"],
            ["A-1", 12.0, 9.5, datetime(2026, 11, 30)],
            ["B-2", 3, None, date(2026, 12, 1)],
        ]
    )
    table = read_table("book.xlsx", data, COLUMNS, max_rows=10)
    assert [r.values for r in table.rows] == [
        {"sku": "A-1", "quantity": "12", "price": "9.5", "day": "2026-11-30"},
        {"sku": "B-2", "quantity": "3", "day": "2026-12-01"},
    ]


def test_header_problems_are_row_one_unknown_duplicate_and_missing_columns():
    table = read_table("x.csv", b"qty,quantity,quantity\n1,2,3\n", COLUMNS, max_rows=10)
    assert [(p.row, p.column, p.code) for p in table.problems] == [
        (1, "qty", ErrorCode.INVALID),
        (1, "quantity", ErrorCode.DUPLICATE),
        (1, "sku", ErrorCode.REQUIRED),
    ]


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("x.pdf", b"%PDF", ErrorCode.INVALID),
        ("x.xlsx", b"not a zip", ErrorCode.INVALID),
        ("x.csv", b"", ErrorCode.REQUIRED),
        ("x.csv", b"\xff\xfe\x00\xd8", ErrorCode.INVALID),
        ("x.csv", b"sku\n1\n2\n3\n", ErrorCode.OUT_OF_RANGE),
    ],
)
def test_a_file_that_cannot_be_read_is_one_error_on_the_file(name, data, code):
    with pytest.raises(UserInputError) as raised:
        read_table(name, data, COLUMNS, max_rows=2)
    assert [(e.field, e.code) for e in raised.value.errors] == [(("input", "file"), code)]


def test_row_reader_reports_each_bad_cell_with_its_row_and_column():
    table = read_table("x.csv", b"sku,quantity,price,day\n,2.5,-1,31/12\nA,0,1.234,2026-02-30\n", COLUMNS, max_rows=10)
    values = []
    for row in table.rows:
        reader = RowReader(row, table.problems)
        values.append(
            (
                reader.text("sku", max_length=5, required=True),
                reader.integer("quantity", minimum=1),
                reader.money("price"),
                reader.day("day"),
            )
        )
    assert [(p.row, p.column, p.code) for p in table.problems] == [
        (2, "sku", ErrorCode.REQUIRED),
        (2, "quantity", ErrorCode.INVALID),
        (2, "price", ErrorCode.OUT_OF_RANGE),
        (2, "day", ErrorCode.INVALID),
        (3, "quantity", ErrorCode.OUT_OF_RANGE),
        (3, "price", ErrorCode.INVALID),
        (3, "day", ErrorCode.INVALID),
    ]
    assert values[1][0] == "A" and values[1][2] == Decimal("1.234")


def test_nul_characters_are_refused_per_cell():
    table = read_table("x.csv", b"sku\nA\x00B\n", COLUMNS, max_rows=10)
    assert [(p.row, p.column, p.code) for p in table.problems] == [(2, "sku", ErrorCode.INVALID)]


def test_choice_accepts_any_listed_spelling():
    table = read_table("x.csv", "sku\nyes\n是\nmaybe\n".encode(), COLUMNS, max_rows=10)
    options = {"yes": "Y", "是": "Y", "no": "N"}
    found = [RowReader(row, table.problems).choice("sku", options) for row in table.rows]
    assert found == ["Y", "Y", None]
    assert [(p.row, p.code) for p in table.problems] == [(4, ErrorCode.INVALID)]


def test_written_tables_read_back():
    tables = {"Lines": [("sku", "quantity"), ("A-1", 5)]}
    assert read_table("t.xlsx", write_xlsx(tables), COLUMNS, max_rows=5).rows[0].values == {
        "sku": "A-1",
        "quantity": "5",
    }
    assert write_csv(tables).splitlines() == ["# Lines", "sku,quantity", "A-1,5", ""]
