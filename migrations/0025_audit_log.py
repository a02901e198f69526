from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0024_announcements_service_threads')]

    initial = False

    operations = [
        ops.CreateModel(
            name='AuditEntry',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('organization', fields.ForeignKeyField('models.Organization', source_field='organization_id', description='The organization whose staff or app acted, read by its admins', db_constraint=True, to_field='id', related_name='audit_entries', on_delete=OnDelete.CASCADE)),
                ('actor_user_id', fields.IntField(null=True)),
                ('actor_api_token_id', fields.IntField(null=True)),
                ('actor_label', fields.CharField(description='Login of the user or name of the app, at the time', max_length=200)),
                ('actor_roles', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('operation', fields.CharField(description='The mutation, e.g. priceListSetPrices', max_length=64)),
                ('subject_type', fields.CharField(null=True, max_length=32)),
                ('subject_id', fields.IntField(null=True)),
                ('client_address', fields.CharField(null=True, max_length=64)),
                ('request_id', fields.CharField(null=True, max_length=64)),
                ('occurred_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('changes', fields.JSONField(default=dict, description='{field: [before, after]} where money, prices, credit or roles changed', encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
            ],
            options={'table': 'audit_entries', 'app': 'models', 'indexes': [Index(fields=['organization_id', 'occurred_at', 'id']), Index(fields=['organization_id', 'actor_user_id', 'occurred_at']), Index(fields=['organization_id', 'operation', 'occurred_at']), Index(fields=['organization_id', 'subject_type', 'subject_id', 'occurred_at'])], 'pk_attr': 'id', 'table_description': 'One privileged mutation (or one object it changed), as it happened.'},
            bases=['Model'],
        ),
    ]
