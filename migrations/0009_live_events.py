from tortoise import migrations
from tortoise.migrations import operations as ops
from app.notifications.models import NotificationKind
from app.webhooks.models import DeliveryStatus
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0008_shipments')]

    initial = False

    operations = [
        ops.CreateModel(
            name='App',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('organization', fields.ForeignKeyField('models.Organization', source_field='organization_id', db_constraint=True, to_field='id', related_name='apps', on_delete=OnDelete.CASCADE)),
                ('name', fields.CharField(max_length=100)),
                ('token', fields.OneToOneField('models.ApiToken', source_field='token_id', db_constraint=True, to_field='id', related_name='app', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'apps', 'app': 'models', 'indexes': [Index(fields=['organization_id', 'id'])], 'pk_attr': 'id', 'table_description': 'A third-party app of an organization. Its credential is its ApiToken, scopes included.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Notification',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='notifications', on_delete=OnDelete.CASCADE)),
                ('event', fields.ForeignKeyField('models.OutboxEvent', source_field='event_id', db_constraint=True, to_field='id', related_name='notifications', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharEnumField(description='ORDER_APPROVED: ORDER_APPROVED\nORDER_SHIPPED: ORDER_SHIPPED\nPAYMENT_CONFIRMED: PAYMENT_CONFIRMED\nSTATEMENT_READY: STATEMENT_READY\nAPPROVAL_REQUESTED: APPROVAL_REQUESTED', enum_type=NotificationKind, max_length=32)),
                ('title', fields.CharField(max_length=200)),
                ('body', fields.CharField(max_length=1000)),
                ('subject_type', fields.CharField(max_length=32)),
                ('subject_id', fields.IntField()),
                ('read_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'notifications', 'app': 'models', 'unique_together': (('user', 'event'),), 'indexes': [Index(fields=['user_id', 'read_at', 'id']), Index(fields=['user_id', 'id'])], 'pk_attr': 'id', 'table_description': "One entry of a user's inbox, made from an outbox event by the relay (once per user and event)."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='WebhookSubscription',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('app', fields.ForeignKeyField('models.App', source_field='app_id', db_constraint=True, to_field='id', related_name='webhook_subscriptions', on_delete=OnDelete.CASCADE)),
                ('event_kind', fields.CharField(max_length=64)),
                ('target_url', fields.CharField(max_length=500)),
                ('secret', fields.CharField(max_length=100)),
                ('active', fields.BooleanField(default=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'webhook_subscriptions', 'app': 'models', 'indexes': [Index(fields=['event_kind', 'active']), Index(fields=['app_id', 'id'])], 'pk_attr': 'id', 'table_description': "An app's wish to receive one kind of event at a URL, signed with the secret."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='WebhookDelivery',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('subscription', fields.ForeignKeyField('models.WebhookSubscription', source_field='subscription_id', db_constraint=True, to_field='id', related_name='deliveries', on_delete=OnDelete.CASCADE)),
                ('event', fields.ForeignKeyField('models.OutboxEvent', source_field='event_id', db_constraint=True, to_field='id', related_name='webhook_deliveries', on_delete=OnDelete.CASCADE)),
                ('status', fields.CharEnumField(default=DeliveryStatus.PENDING, description='PENDING: PENDING\nSUCCEEDED: SUCCEEDED\nFAILED: FAILED', enum_type=DeliveryStatus, max_length=16)),
                ('attempts', fields.IntField(default=0)),
                ('response_code', fields.IntField(null=True)),
                ('last_error', fields.CharField(null=True, max_length=500)),
                ('next_attempt_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('delivered_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'webhook_deliveries', 'app': 'models', 'unique_together': (('subscription', 'event'),), 'indexes': [Index(fields=['status', 'next_attempt_at']), Index(fields=['subscription_id', 'id'])], 'pk_attr': 'id', 'table_description': 'One event owed to one subscription: made once by the relay, attempted until it succeeds or gives up.'},
            bases=['Model'],
        ),
    ]
