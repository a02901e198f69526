from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from app.support.models import AnnouncementKind, ThreadKind, ThreadStatus
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0023_child_lookup_indexes')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Announcement',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('supplier', fields.ForeignKeyField('models.Organization', source_field='supplier_id', db_constraint=True, to_field='id', related_name='announcements', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharEnumField(description='What it is about: an AnnouncementKind.', enum_type=AnnouncementKind, max_length=16)),
                ('title', fields.CharField(max_length=200)),
                ('body', fields.TextField(unique=False)),
                ('target_tiers', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('target_groups', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('pinned', fields.BooleanField(default=False)),
                ('starts_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('ends_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('published_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_by', fields.ForeignKeyField('models.User', source_field='created_by_id', null=True, db_constraint=True, to_field='id', related_name='announcements', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'announcements', 'app': 'models', 'indexes': [Index(fields=['supplier_id', 'published_at'])], 'pk_attr': 'id', 'table_description': "A supplier's notice (公告) to all its buyers or to some tiers and groups, shown while it is"},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AnnouncementRead',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('announcement', fields.ForeignKeyField('models.Announcement', source_field='announcement_id', db_constraint=True, to_field='id', related_name='reads', on_delete=OnDelete.CASCADE)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='announcement_reads', on_delete=OnDelete.CASCADE)),
                ('read_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'announcement_reads', 'app': 'models', 'unique_together': (('user', 'announcement'),), 'pk_attr': 'id', 'table_description': 'One buyer user has read one announcement.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ServiceThread',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('supplier', fields.ForeignKeyField('models.Organization', source_field='supplier_id', db_constraint=True, to_field='id', related_name='service_threads', on_delete=OnDelete.CASCADE)),
                ('customer_account', fields.ForeignKeyField('models.CustomerAccount', source_field='customer_account_id', db_constraint=True, to_field='id', related_name='service_threads', on_delete=OnDelete.CASCADE)),
                ('order', fields.ForeignKeyField('models.Order', source_field='order_id', null=True, db_constraint=True, to_field='id', related_name='service_threads', on_delete=OnDelete.SET_NULL)),
                ('kind', fields.CharEnumField(description='A ThreadKind.', enum_type=ThreadKind, max_length=16)),
                ('subject', fields.CharField(max_length=200)),
                ('status', fields.CharEnumField(default=ThreadStatus.OPEN, description='A ThreadStatus.', enum_type=ThreadStatus, max_length=16)),
                ('opened_by', fields.ForeignKeyField('models.User', source_field='opened_by_id', null=True, db_constraint=True, to_field='id', related_name='opened_threads', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('last_message_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('closed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'service_threads', 'app': 'models', 'indexes': [Index(fields=['supplier_id', 'status', 'id']), Index(fields=['customer_account_id', 'id'])], 'pk_attr': 'id', 'table_description': 'A conversation (客户服务) a buyer opened with its supplier, optionally about an order.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ServiceMessage',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('thread', fields.ForeignKeyField('models.ServiceThread', source_field='thread_id', db_constraint=True, to_field='id', related_name='messages', on_delete=OnDelete.CASCADE)),
                ('author', fields.ForeignKeyField('models.User', source_field='author_id', null=True, db_constraint=True, to_field='id', related_name='service_messages', on_delete=OnDelete.SET_NULL)),
                ('from_supplier', fields.BooleanField()),
                ('body', fields.TextField(unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'service_messages', 'app': 'models', 'indexes': [Index(fields=['thread_id', 'id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
