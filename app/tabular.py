"""Tables written as files: named sheets of rows, as .xlsx (openpyxl) or one .csv.

Statements and analytics export through these, so every download is laid out the same way.
"""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook

Tables = dict[str, list[tuple]]


def to_csv(tables: Tables) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for name, rows in tables.items():
        writer.writerow([f"# {name}"])
        writer.writerows([[str(v) for v in row] for row in rows])
        writer.writerow([])
    return out.getvalue()


def to_xlsx(tables: Tables) -> bytes:
    book = Workbook(write_only=True)
    for name, rows in tables.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
