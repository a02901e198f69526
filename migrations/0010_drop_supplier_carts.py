from tortoise import migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("models", "0009_quotas_on_behalf_carts")]

    initial = False

    operations = [
        ops.DeleteModel(name="Cart"),
    ]
