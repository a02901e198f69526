from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.migrations.constraints import UniqueConstraint

class Migration(migrations.Migration):
    dependencies = [('models', '0025_audit_log')]

    initial = False

    operations = [
        ops.AddField(
            model_name='CustomerAccount',
            name='code',
            field=fields.CharField(null=True, max_length=64),
        ),
        ops.AddConstraint(
            model_name='CustomerAccount',
            constraint=UniqueConstraint(fields=('supplier', 'code'), name=None),
        ),
        ops.AddField(
            model_name='Product',
            name='code',
            field=fields.CharField(null=True, max_length=64),
        ),
        ops.AddConstraint(
            model_name='Product',
            constraint=UniqueConstraint(fields=('supplier', 'code'), name=None),
        ),
    ]
