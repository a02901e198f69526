from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0025_audit_log')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='Order',
            index=Index(fields=['supplier_id', 'created_at']),
        ),
        ops.AddIndex(
            model_name='OrderLine',
            index=Index(fields=['order_id', 'variant_id', 'quantity', 'line_total']),
        ),
    ]
