from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index
from tortoise.migrations.constraints import UniqueConstraint
import importlib

# SQLite's RemoveField rebuilds the table, which fails on tables other tables reference
# (customer_accounts, products): unapplied by ALTER TABLE … DROP COLUMN instead, as in 0018.
AddColumn = importlib.import_module("migrations.0018_order_parties_supplier_edit").AddColumn

class Migration(migrations.Migration):
    dependencies = [('models', '0027_fill_ledger_month_totals')]

    initial = False

    operations = [
        ops.CreateModel(
            name='SellThroughReport',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('supplier', fields.ForeignKeyField('models.Organization', source_field='supplier_id', db_constraint=True, to_field='id', related_name='sell_through_reports', on_delete=OnDelete.CASCADE)),
                ('customer_account', fields.ForeignKeyField('models.CustomerAccount', source_field='customer_account_id', db_constraint=True, to_field='id', related_name='sell_through_reports', on_delete=OnDelete.CASCADE)),
                ('period_start', fields.DateField(description='The first day of the month reported.')),
                ('period_end', fields.DateField(description='The last day of the month reported.')),
                ('revision', fields.IntField(default=1, description='1 for the first submission, +1 for each replacement.')),
                ('submitted_by', fields.ForeignKeyField('models.User', source_field='submitted_by_id', null=True, db_constraint=True, to_field='id', related_name='sell_through_reports', on_delete=OnDelete.SET_NULL)),
                ('submitted_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'sell_through_reports', 'app': 'models', 'unique_together': (('customer_account', 'period_start'),), 'indexes': [Index(fields=['supplier_id', 'period_start', 'id'])], 'pk_attr': 'id', 'table_description': "One customer account's report for one calendar month. Submitting the month again replaces"},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SellThroughLine',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('report', fields.ForeignKeyField('models.SellThroughReport', source_field='report_id', db_constraint=True, to_field='id', related_name='lines', on_delete=OnDelete.CASCADE)),
                ('variant', fields.ForeignKeyField('models.Variant', source_field='variant_id', db_constraint=True, to_field='id', related_name='sell_through_lines', on_delete=OnDelete.CASCADE)),
                ('quantity_sold', fields.IntField()),
                ('stock_on_hand', fields.IntField(description='Units the dealer held at the end of the month.')),
            ],
            options={'table': 'sell_through_lines', 'app': 'models', 'unique_together': (('report', 'variant'),), 'indexes': [Index(fields=['variant_id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        AddColumn(
            model_name='CustomerAccount',
            name='code',
            field=fields.CharField(null=True, max_length=64),
        ),
        ops.AddConstraint(
            model_name='CustomerAccount',
            constraint=UniqueConstraint(fields=('supplier', 'code'), name=None),
        ),
        ops.AddIndex(
            model_name='Order',
            index=Index(fields=['supplier_id', 'created_at']),
        ),
        ops.AddIndex(
            model_name='OrderLine',
            index=Index(fields=['order_id', 'variant_id', 'quantity', 'line_total']),
        ),
        AddColumn(
            model_name='Product',
            name='code',
            field=fields.CharField(null=True, max_length=64),
        ),
        ops.AddConstraint(
            model_name='Product',
            constraint=UniqueConstraint(fields=('supplier', 'code'), name=None),
        ),
    ]
