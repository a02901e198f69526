from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0025_audit_log')]

    initial = False

    operations = [
        ops.CreateModel(
            name='LedgerMonthTotal',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('customer_account', fields.ForeignKeyField('models.CustomerAccount', source_field='customer_account_id', db_constraint=True, to_field='id', related_name='ledger_month_totals', on_delete=OnDelete.RESTRICT)),
                ('month', fields.DateField(description='The first day of the month (UTC).')),
                ('amount', fields.DecimalField(max_digits=18, decimal_places=2)),
            ],
            options={'table': 'ledger_month_totals', 'app': 'models', 'unique_together': (('customer_account', 'month'),), 'pk_attr': 'id', 'table_description': "The sum of one account's entries that occurred in one calendar month (UTC), kept in the transaction"},
            bases=['Model'],
        ),
        ops.AddIndex(
            model_name='LedgerEntry',
            index=Index(fields=['occurred_at', 'customer_account_id', 'amount']),
        ),
    ]
