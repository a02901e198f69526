"""The cell formats of the products file: spec (规格) and stock columns."""

from app.imports.products import format_spec, parse_spec, stock_column
from app.inventory.models import Warehouse


def test_spec_reads_named_values_in_either_colon_and_writes_them_back():
    assert parse_spec("规格:500ml； 包装：12瓶/箱") == {"规格": "500ml", "包装": "12瓶/箱"}
    assert parse_spec("1kg") == {"规格": "1kg"}
    assert format_spec({"规格": "1kg"}) == "1kg"
    spec = {"size": "500ml", "pack": "12"}
    assert parse_spec(format_spec(spec)) == spec


def test_a_single_warehouse_takes_a_plain_stock_column():
    warehouse = Warehouse(code="SH", name="Shanghai")
    assert stock_column(warehouse, only=True).accepts("库存")
    assert stock_column(warehouse).accepts("库存:SH") and not stock_column(warehouse).accepts("库存")
