import functools
from json import dumps, loads

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from app.accounts.models import CatalogVisibility, PublicPrices
from app.catalog.models import ProductTag, StockMovementKind
from app.pricing.models import PriceListKind


class Migration(migrations.Migration):
    dependencies = [("models", "0001_initial")]

    initial = False

    operations = [
        ops.CreateModel(
            name="Brand",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "supplier",
                    fields.ForeignKeyField(
                        "models.Organization",
                        source_field="supplier_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="brands",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("name", fields.CharField(max_length=100)),
                ("archived", fields.BooleanField(default=False)),
            ],
            options={"table": "brands", "app": "models", "unique_together": (("supplier", "name"),), "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Category",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "supplier",
                    fields.ForeignKeyField(
                        "models.Organization",
                        source_field="supplier_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="categories",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "parent",
                    fields.ForeignKeyField(
                        "models.Category",
                        source_field="parent_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="children",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("name", fields.CharField(max_length=100)),
                ("path", fields.CharField(default="/", max_length=255)),
                ("position", fields.IntField(default=0)),
                ("archived", fields.BooleanField(default=False)),
            ],
            options={
                "table": "categories",
                "app": "models",
                "indexes": [Index(fields=["supplier_id", "path"])],
                "pk_attr": "id",
                "table_description": 'A node of the supplier\'s category tree: the path ("/1/7/") makes a subtree one prefix query.',
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="PriceList",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "supplier",
                    fields.ForeignKeyField(
                        "models.Organization",
                        source_field="supplier_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="price_lists",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("name", fields.CharField(max_length=100)),
                (
                    "kind",
                    fields.CharEnumField(description="FIXED: FIXED\nRATE: RATE", enum_type=PriceListKind, max_length=8),
                ),
                ("rate", fields.DecimalField(null=True, max_digits=8, decimal_places=4)),
                ("priority", fields.IntField(default=0)),
                ("valid_from", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("valid_until", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("archived", fields.BooleanField(default=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "price_lists",
                "app": "models",
                "indexes": [Index(fields=["supplier_id", "archived"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="PriceListAssignment",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "price_list",
                    fields.ForeignKeyField(
                        "models.PriceList",
                        source_field="price_list_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="assignments",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "customer_account",
                    fields.ForeignKeyField(
                        "models.CustomerAccount",
                        source_field="customer_account_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="price_list_assignments",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("tier", fields.CharField(null=True, max_length=32)),
                ("customer_group", fields.CharField(null=True, max_length=64)),
            ],
            options={
                "table": "price_list_assignments",
                "app": "models",
                "indexes": [
                    Index(fields=["customer_account_id"]),
                    Index(fields=["tier"]),
                    Index(fields=["customer_group"]),
                ],
                "pk_attr": "id",
                "table_description": "Who a list prices for: one customer account, a tier, or a customer group.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Product",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "supplier",
                    fields.ForeignKeyField(
                        "models.Organization",
                        source_field="supplier_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="products",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("name", fields.CharField(max_length=200)),
                ("description", fields.TextField(default="", unique=False)),
                (
                    "category",
                    fields.ForeignKeyField(
                        "models.Category",
                        source_field="category_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="products",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                (
                    "brand",
                    fields.ForeignKeyField(
                        "models.Brand",
                        source_field="brand_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="products",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                (
                    "images",
                    fields.JSONField(
                        default=list, encoder=functools.partial(dumps, separators=(",", ":")), decoder=loads
                    ),
                ),
                (
                    "attributes",
                    fields.JSONField(
                        default=dict, encoder=functools.partial(dumps, separators=(",", ":")), decoder=loads
                    ),
                ),
                ("published", fields.BooleanField(default=False)),
                ("archived", fields.BooleanField(default=False)),
                (
                    "restricted_to_groups",
                    fields.BooleanField(
                        default=False, description="Only the customer groups in product_group_access see it."
                    ),
                ),
                (
                    "search_text",
                    fields.TextField(default="", description="Lower-cased name, SKUs and barcodes.", unique=False),
                ),
                ("sales_volume", fields.IntField(default=0)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "products",
                "app": "models",
                "indexes": [
                    Index(fields=["supplier_id", "published", "archived", "id"]),
                    Index(fields=["supplier_id", "category_id"]),
                    Index(fields=["supplier_id", "brand_id"]),
                    Index(fields=["supplier_id", "name"]),
                    Index(fields=["supplier_id", "sales_volume"]),
                ],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ProductGroupAccess",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "product",
                    fields.ForeignKeyField(
                        "models.Product",
                        source_field="product_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="group_access",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("customer_group", fields.CharField(max_length=64)),
            ],
            options={
                "table": "product_group_access",
                "app": "models",
                "unique_together": (("product", "customer_group"),),
                "indexes": [Index(fields=["customer_group", "product_id"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ProductTagLink",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "product",
                    fields.ForeignKeyField(
                        "models.Product",
                        source_field="product_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="tag_links",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "tag",
                    fields.CharEnumField(
                        description="NEW: NEW\nRECOMMENDED: RECOMMENDED\nHOT: HOT", enum_type=ProductTag, max_length=16
                    ),
                ),
            ],
            options={
                "table": "product_tags",
                "app": "models",
                "unique_together": (("product", "tag"),),
                "indexes": [Index(fields=["tag", "product_id"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Variant",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "product",
                    fields.ForeignKeyField(
                        "models.Product",
                        source_field="product_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="variants",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "supplier",
                    fields.ForeignKeyField(
                        "models.Organization",
                        source_field="supplier_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="variants",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("sku", fields.CharField(max_length=64)),
                ("barcode", fields.CharField(null=True, max_length=64)),
                (
                    "spec",
                    fields.JSONField(
                        default=dict,
                        description="Spec attributes such as size, colour, pack.",
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                ("unit", fields.CharField(default="件", max_length=16)),
                ("base_price", fields.DecimalField(max_digits=18, decimal_places=2)),
                ("min_order_quantity", fields.IntField(default=1)),
                ("order_multiple", fields.IntField(default=1)),
                ("max_per_order", fields.IntField(null=True)),
                ("weight_kg", fields.DecimalField(null=True, max_digits=12, decimal_places=3)),
                ("position", fields.IntField(default=0)),
                ("archived", fields.BooleanField(default=False)),
            ],
            options={
                "table": "variants",
                "app": "models",
                "unique_together": (("supplier", "sku"),),
                "indexes": [Index(fields=["product_id", "position"]), Index(fields=["supplier_id", "barcode"])],
                "pk_attr": "id",
                "table_description": "A SKU: what is ordered, priced and stocked.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="PriceListItem",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "price_list",
                    fields.ForeignKeyField(
                        "models.PriceList",
                        source_field="price_list_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="items",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "variant",
                    fields.ForeignKeyField(
                        "models.Variant",
                        source_field="variant_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="price_list_items",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("min_quantity", fields.IntField(default=1)),
                ("price", fields.DecimalField(max_digits=18, decimal_places=2)),
            ],
            options={
                "table": "price_list_items",
                "app": "models",
                "unique_together": (("price_list", "variant", "min_quantity"),),
                "indexes": [Index(fields=["variant_id", "price_list_id"])],
                "pk_attr": "id",
                "table_description": "A fixed price of a variant in a list from min_quantity units on (a volume break).",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Promotion",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "supplier",
                    fields.ForeignKeyField(
                        "models.Organization",
                        source_field="supplier_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="promotions",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("name", fields.CharField(max_length=100)),
                ("kind", fields.CharField(max_length=32)),
                ("priority", fields.IntField(default=0)),
                ("stackable", fields.BooleanField(default=True)),
                ("starts_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("ends_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                (
                    "target_tiers",
                    fields.JSONField(
                        default=list, encoder=functools.partial(dumps, separators=(",", ":")), decoder=loads
                    ),
                ),
                (
                    "target_groups",
                    fields.JSONField(
                        default=list, encoder=functools.partial(dumps, separators=(",", ":")), decoder=loads
                    ),
                ),
                (
                    "target_account_ids",
                    fields.JSONField(
                        default=list, encoder=functools.partial(dumps, separators=(",", ":")), decoder=loads
                    ),
                ),
                (
                    "product_ids",
                    fields.JSONField(
                        default=list, encoder=functools.partial(dumps, separators=(",", ":")), decoder=loads
                    ),
                ),
                (
                    "category_ids",
                    fields.JSONField(
                        default=list, encoder=functools.partial(dumps, separators=(",", ":")), decoder=loads
                    ),
                ),
                (
                    "brand_ids",
                    fields.JSONField(
                        default=list, encoder=functools.partial(dumps, separators=(",", ":")), decoder=loads
                    ),
                ),
                (
                    "steps",
                    fields.JSONField(
                        default=list,
                        description="[[threshold, discount], ...] as decimal strings",
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                ("repeatable", fields.BooleanField(default=False)),
                ("percent_off", fields.DecimalField(null=True, max_digits=5, decimal_places=2)),
                ("min_quantity", fields.IntField(null=True)),
                ("special_price", fields.DecimalField(null=True, max_digits=18, decimal_places=2)),
                ("threshold", fields.DecimalField(null=True, max_digits=18, decimal_places=2)),
                ("buy_quantity", fields.IntField(null=True)),
                ("gift_quantity", fields.IntField(null=True)),
                (
                    "gift_variant",
                    fields.ForeignKeyField(
                        "models.Variant",
                        source_field="gift_variant_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="gift_promotions",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("uses_per_account", fields.IntField(null=True)),
                ("archived", fields.BooleanField(default=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "promotions",
                "app": "models",
                "indexes": [Index(fields=["supplier_id", "archived", "ends_at"])],
                "pk_attr": "id",
                "table_description": "A supplier's promotion, whose rules app/promotions/engine.py applies.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="VolumeBreak",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "variant",
                    fields.ForeignKeyField(
                        "models.Variant",
                        source_field="variant_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="volume_breaks",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("min_quantity", fields.IntField()),
                ("price", fields.DecimalField(max_digits=18, decimal_places=2)),
            ],
            options={
                "table": "volume_breaks",
                "app": "models",
                "unique_together": (("variant", "min_quantity"),),
                "pk_attr": "id",
                "table_description": "A base-price step: from min_quantity units on, the base unit price is price.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Warehouse",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "supplier",
                    fields.ForeignKeyField(
                        "models.Organization",
                        source_field="supplier_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="warehouses",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("code", fields.CharField(max_length=32)),
                ("name", fields.CharField(max_length=100)),
            ],
            options={
                "table": "warehouses",
                "app": "models",
                "unique_together": (("supplier", "code"),),
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Stock",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "variant",
                    fields.ForeignKeyField(
                        "models.Variant",
                        source_field="variant_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="stock",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "warehouse",
                    fields.ForeignKeyField(
                        "models.Warehouse",
                        source_field="warehouse_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="stock",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("on_hand", fields.IntField(default=0)),
                ("reserved", fields.IntField(default=0)),
                ("low_stock_threshold", fields.IntField(null=True)),
            ],
            options={
                "table": "stock",
                "app": "models",
                "unique_together": (("variant", "warehouse"),),
                "pk_attr": "id",
                "table_description": "On hand and reserved per variant and warehouse, available = on_hand - reserved.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="StockMovement",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "variant",
                    fields.ForeignKeyField(
                        "models.Variant",
                        source_field="variant_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="stock_movements",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "warehouse",
                    fields.ForeignKeyField(
                        "models.Warehouse",
                        source_field="warehouse_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="stock_movements",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "kind",
                    fields.CharEnumField(
                        description="ADJUSTMENT: ADJUSTMENT\nRESERVATION: RESERVATION\nRELEASE: RELEASE\nSHIPMENT: SHIPMENT\nRETURN: RETURN",
                        enum_type=StockMovementKind,
                        max_length=16,
                    ),
                ),
                ("on_hand_change", fields.IntField(default=0)),
                ("reserved_change", fields.IntField(default=0)),
                ("reason", fields.CharField(max_length=500)),
                (
                    "user",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="user_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="stock_movements",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "stock_movements",
                "app": "models",
                "indexes": [Index(fields=["variant_id", "warehouse_id", "id"])],
                "pk_attr": "id",
                "table_description": "Append-only: every change of on-hand or reserved stock, with why and who.",
            },
            bases=["Model"],
        ),
        ops.AddField(
            model_name="Organization",
            name="catalog_visibility",
            field=fields.CharEnumField(
                default=CatalogVisibility.LOGIN_ONLY,
                description="PUBLIC: PUBLIC\nLOGIN_ONLY: LOGIN_ONLY",
                enum_type=CatalogVisibility,
                max_length=16,
            ),
        ),
        ops.AddField(
            model_name="Organization",
            name="public_prices",
            field=fields.CharEnumField(
                default=PublicPrices.HIDDEN,
                description="HIDDEN: HIDDEN\nBASE: BASE",
                enum_type=PublicPrices,
                max_length=16,
            ),
        ),
    ]
