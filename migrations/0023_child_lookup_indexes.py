from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0022_trigram_search')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='CustomerAccount',
            index=Index(fields=['buyer_id']),
        ),
        ops.AddIndex(
            model_name='OrderLine',
            index=Index(fields=['order_id', 'id']),
        ),
        ops.AddIndex(
            model_name='ReturnLine',
            index=Index(fields=['return_request_id']),
        ),
        ops.AddIndex(
            model_name='ShipmentLine',
            index=Index(fields=['shipment_id']),
        ),
        ops.AddIndex(
            model_name='StockReservation',
            index=Index(fields=['order_line_id']),
        ),
        ops.AddIndex(
            model_name='User',
            index=Index(fields=['organization_id']),
        ),
    ]
