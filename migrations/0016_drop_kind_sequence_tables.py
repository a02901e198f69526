from tortoise import migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("models", "0015_copy_document_sequences")]

    initial = False

    operations = [
        ops.DeleteModel(name="OrderSequence"),
        ops.DeleteModel(name="PaymentSequence"),
        ops.DeleteModel(name="ReturnSequence"),
        ops.DeleteModel(name="ShipmentSequence"),
    ]
