import { defineMessages } from '@/shared/i18n'

export default defineMessages({
  'zh-CN': {
    menu: { customers: '客户', approvalFlows: '审批流程', staff: '员工', apps: '应用与接口', settings: '设置' },
    status: { PENDING: '待审核', APPROVED: '已通过', REJECTED: '已拒绝', SUSPENDED: '已停用' },
    role: { ADMIN: '管理员', SALES: '业务员', APPROVER: '审批人', WAREHOUSE: '仓库', FINANCE: '财务', SERVICE: '客服', PURCHASER: '采购', RECEIVER: '收货' },
    userStatus: { INVITED: '已邀请', ACTIVE: '正常', DEACTIVATED: '已停用' },
    weekday: { '0': '周一', '1': '周二', '2': '周三', '3': '周四', '4': '周五', '5': '周六', '6': '周日' },
    common: { save: '保存', cancel: '取消', create: '创建', delete: '删除', edit: '编辑', confirm: '确定', loadMore: '加载更多', actions: '操作', yes: '是', no: '否', saved: '已保存', nothingChanged: '没有修改', createdAt: '创建时间', name: '名称' },
    list: {
      title: '客户', count: '共 {count} 个客户', all: '全部', status: '状态', tier: '等级', group: '客户分组', region: '区域', salesRep: '业务员', anyRep: '全部业务员',
      buyer: '客户', creditLimit: '信用额度', terms: '账期', termsDays: '{days} 天', approve: '通过', reject: '拒绝',
      approveConfirm: '通过「{name}」的注册申请？通过后对方即可订货。', rejectPrompt: '拒绝「{name}」的注册申请，请填写原因：', rejectReason: '原因', reasonRequired: '请填写原因',
      approved: '已通过「{name}」', rejected: '已拒绝「{name}」', detail: '详情',
    },
    form: {
      title: '编辑客户：{name}', tier: '等级', customerGroup: '客户分组', region: '区域', salesRep: '业务员', noSalesRep: '不指定', creditLimit: '信用额度', paymentTermsDays: '账期（天）',
      contactName: '联系人', contactPhone: '联系电话', note: '备注', balance: '应收余额', creditHeadroom: '可用额度', prepaid: '预付款', balanceLoading: '正在读取余额…',
    },
    detail: {
      back: '返回客户列表', details: '账户信息', since: '申请时间', decidedAt: '审核时间', statusReason: '原因', notFound: '客户不存在，或者您无权查看。',
      windows: '订货周期', windowsHelp: '客户只能在这些时间段内下单；没有时间段表示随时可以订货。', windowsEmpty: '随时可以订货', opens: '开始', closes: '结束',
      addWindow: '添加时间段', saveWindows: '保存订货周期', windowsSaved: '订货周期已保存',
      quotas: '货源分配', quotasHelp: '每个订货周期内该客户可订的数量。', quotasEmpty: '没有为该客户设置配额', sku: 'SKU', quantity: '每周期数量', updatedAt: '更新时间',
      removeQuota: '移除', quotaSaved: '配额已保存', addQuota: '添加配额', variantSku: '商品 SKU', skuNotFound: '找不到 SKU「{sku}」',
      users: '客户账号', usersMissing: '接口不向供货商提供客户的用户列表。',
    },
    flows: {
      title: '审批流程', default: '默认', group: '客户分组', allGroups: '全部客户', steps: '审批步骤', step: '第 {n} 步', name: '名称', role: '角色', anyRole: '任意角色', minLevel: '最低级别', minTotal: '金额超过',
      user: '指定用户', create: '新建流程', createTitle: '新建审批流程', isDefault: '设为默认', addStep: '添加步骤', removeStep: '移除', deleteConfirm: '删除流程「{name}」？', deleted: '已删除', created: '流程已创建', noEdit: '接口不支持修改流程：请新建后删除旧的。',
      levelValue: '{level} 级及以上', totalValue: '订单金额 > {amount}',
    },
    staff: {
      title: '员工', count: '共 {count} 人', invite: '邀请员工', inviteTitle: '邀请员工', email: '邮箱', phone: '手机号', name: '姓名', roles: '角色', approvalLevel: '审批级别', level: '{level} 级',
      editRoles: '修改角色', rolesTitle: '修改角色：{name}', deactivate: '停用', reactivate: '恢复', deactivateConfirm: '停用「{name}」？对方将无法登录。', invited: '已向 {login} 发送邀请',
      you: '（我）', status: '状态', contact: '联系方式', saved: '角色已保存', deactivated: '已停用', reactivated: '已恢复', loginRequired: '请填写邮箱或手机号',
    },
    apps: {
      title: '应用与接口', help: '第三方系统（ERP、财务软件）用应用令牌调用接口，用 Webhook 接收事件。', create: '新建应用与令牌', createTitle: '新建应用', name: '应用名称', scopes: '权限范围',
      tokenTitle: '应用令牌', tokenOnce: '令牌只显示这一次，请立即复制保存。', secretTitle: 'Webhook 签名密钥', secretOnce: '签名密钥只显示这一次，请立即复制保存。', copy: '复制', copied: '已复制',
      revoke: '吊销令牌', revokeConfirm: '吊销「{name}」的令牌？吊销后不能恢复，需要新建应用才能获得新令牌。', revoked: '令牌已吊销', disable: '停用', enable: '启用',
      state: { ACTIVE: '正常', DISABLED: '已停用', REVOKED: '令牌已吊销' }, webhooks: 'Webhook', webhooksEmpty: '还没有订阅事件', webhookCreate: '订阅事件', webhookCreateTitle: '为「{name}」订阅事件',
      eventKind: '事件', eventKindRequired: '请选择事件', targetUrl: '接收地址', needsScope: '需要权限 {scope}', active: '接收中', paused: '已暂停', pause: '暂停', resume: '恢复', deleteWebhook: '删除', deleteWebhookConfirm: '删除这个订阅及其投递记录？',
      deliveries: '投递记录', deliveriesEmpty: '还没有投递记录', redeliver: '重新投递', redelivered: '已重新投递', attempts: '尝试次数', response: '响应', lastError: '错误', nextAttempt: '下次重试',
      deliveryStatus: { PENDING: '等待中', SUCCEEDED: '成功', FAILED: '失败' }, empty: '还没有应用',
    },
    settings: {
      title: '设置', catalogVisibility: '商品目录可见范围', PUBLIC: '所有人', LOGIN_ONLY: '仅登录用户', publicPrices: '访客看到的价格', HIDDEN: '不显示价格', BASE: '显示基础价',
      registrationOpen: '开放客户注册', ordersNeedApproval: '订单需要审批', ordersNeedApprovalHelp: '关闭后，客户下的订单立即通过，不走审批流程。',
      salesMaxDiscountPercent: '业务员最大折让（%）', salesMaxDiscountHelp: '业务员改单时，单价最多可以比应付价低多少（0–100）；管理员不受限制。', saved: '设置已保存',
    },
  },
  en: {
    menu: { customers: 'Customers', approvalFlows: 'Approval flows', staff: 'Staff', apps: 'Apps & API', settings: 'Settings' },
    status: { PENDING: 'Pending', APPROVED: 'Approved', REJECTED: 'Rejected', SUSPENDED: 'Suspended' },
    role: { ADMIN: 'Admin', SALES: 'Sales', APPROVER: 'Approver', WAREHOUSE: 'Warehouse', FINANCE: 'Finance', SERVICE: 'Service', PURCHASER: 'Purchaser', RECEIVER: 'Receiver' },
    userStatus: { INVITED: 'Invited', ACTIVE: 'Active', DEACTIVATED: 'Deactivated' },
    weekday: { '0': 'Mon', '1': 'Tue', '2': 'Wed', '3': 'Thu', '4': 'Fri', '5': 'Sat', '6': 'Sun' },
    common: { save: 'Save', cancel: 'Cancel', create: 'Create', delete: 'Delete', edit: 'Edit', confirm: 'OK', loadMore: 'Load more', actions: 'Actions', yes: 'Yes', no: 'No', saved: 'Saved', nothingChanged: 'Nothing changed', createdAt: 'Created', name: 'Name' },
    list: {
      title: 'Customers', count: '{count} customers', all: 'All', status: 'Status', tier: 'Tier', group: 'Group', region: 'Region', salesRep: 'Sales rep', anyRep: 'Any sales rep',
      buyer: 'Customer', creditLimit: 'Credit limit', terms: 'Terms', termsDays: '{days} days', approve: 'Approve', reject: 'Reject',
      approveConfirm: 'Approve the registration of “{name}”? They can order at once.', rejectPrompt: 'Reject the registration of “{name}”: why?', rejectReason: 'Reason', reasonRequired: 'Give a reason',
      approved: '“{name}” approved', rejected: '“{name}” rejected', detail: 'Details',
    },
    form: {
      title: 'Edit customer: {name}', tier: 'Tier', customerGroup: 'Customer group', region: 'Region', salesRep: 'Sales rep', noSalesRep: 'None', creditLimit: 'Credit limit', paymentTermsDays: 'Payment terms (days)',
      contactName: 'Contact', contactPhone: 'Contact phone', note: 'Note', balance: 'Balance owed', creditHeadroom: 'Credit headroom', prepaid: 'Prepaid', balanceLoading: 'Reading the balance…',
    },
    detail: {
      back: 'Back to customers', details: 'Account', since: 'Applied', decidedAt: 'Decided', statusReason: 'Reason', notFound: 'This customer does not exist, or it is not yours to see.',
      windows: 'Ordering windows', windowsHelp: 'The customer may order only within these windows; none means any time.', windowsEmpty: 'Orders any time', opens: 'Opens', closes: 'Closes',
      addWindow: 'Add a window', saveWindows: 'Save windows', windowsSaved: 'Ordering windows saved',
      quotas: 'Allocation quotas', quotasHelp: 'Units the customer may order per ordering cycle.', quotasEmpty: 'No quota for this customer', sku: 'SKU', quantity: 'Per cycle', updatedAt: 'Updated',
      removeQuota: 'Remove', quotaSaved: 'Quota saved', addQuota: 'Add a quota', variantSku: 'Variant SKU', skuNotFound: 'No SKU “{sku}”',
      users: 'Customer users', usersMissing: 'The API does not show a customer’s users to the supplier.',
    },
    flows: {
      title: 'Approval flows', default: 'Default', group: 'Customer group', allGroups: 'All customers', steps: 'Steps', step: 'Step {n}', name: 'Name', role: 'Role', anyRole: 'Any role', minLevel: 'Minimum level', minTotal: 'Orders above',
      user: 'Specific user', create: 'New flow', createTitle: 'New approval flow', isDefault: 'Default flow', addStep: 'Add a step', removeStep: 'Remove', deleteConfirm: 'Delete the flow “{name}”?', deleted: 'Deleted', created: 'Flow created', noEdit: 'The API cannot change a flow: create a new one and delete the old.',
      levelValue: 'level {level} or higher', totalValue: 'order total > {amount}',
    },
    staff: {
      title: 'Staff', count: '{count} people', invite: 'Invite', inviteTitle: 'Invite a colleague', email: 'Email', phone: 'Phone', name: 'Name', roles: 'Roles', approvalLevel: 'Approval level', level: 'level {level}',
      editRoles: 'Roles', rolesTitle: 'Roles of {name}', deactivate: 'Deactivate', reactivate: 'Reactivate', deactivateConfirm: 'Deactivate “{name}”? They can no longer sign in.', invited: 'Invitation sent to {login}',
      you: ' (you)', status: 'Status', contact: 'Contact', saved: 'Roles saved', deactivated: 'Deactivated', reactivated: 'Reactivated', loginRequired: 'Enter an email or a phone number',
    },
    apps: {
      title: 'Apps & API', help: 'Third-party systems (ERP, accounting) call the API with an app token and receive events by webhook.', create: 'New app & token', createTitle: 'New app', name: 'App name', scopes: 'Scopes',
      tokenTitle: 'App token', tokenOnce: 'The token is shown only this once: copy it now.', secretTitle: 'Webhook signing secret', secretOnce: 'The signing secret is shown only this once: copy it now.', copy: 'Copy', copied: 'Copied',
      revoke: 'Revoke token', revokeConfirm: 'Revoke the token of “{name}”? This is for good: a new token needs a new app.', revoked: 'Token revoked', disable: 'Disable', enable: 'Enable',
      state: { ACTIVE: 'Active', DISABLED: 'Disabled', REVOKED: 'Token revoked' }, webhooks: 'Webhooks', webhooksEmpty: 'No event subscribed yet', webhookCreate: 'Subscribe', webhookCreateTitle: 'Subscribe “{name}” to an event',
      eventKind: 'Event', eventKindRequired: 'Choose an event', targetUrl: 'Target URL', needsScope: 'needs {scope}', active: 'Receiving', paused: 'Paused', pause: 'Pause', resume: 'Resume', deleteWebhook: 'Delete', deleteWebhookConfirm: 'Delete this subscription and its delivery log?',
      deliveries: 'Deliveries', deliveriesEmpty: 'No delivery yet', redeliver: 'Redeliver', redelivered: 'Sent again', attempts: 'Attempts', response: 'Response', lastError: 'Error', nextAttempt: 'Next attempt',
      deliveryStatus: { PENDING: 'Pending', SUCCEEDED: 'Succeeded', FAILED: 'Failed' }, empty: 'No app yet',
    },
    settings: {
      title: 'Settings', catalogVisibility: 'Who sees the catalog', PUBLIC: 'Everyone', LOGIN_ONLY: 'Signed-in users only', publicPrices: 'Prices for visitors', HIDDEN: 'Hidden', BASE: 'Base price',
      registrationOpen: 'Open to registrations', ordersNeedApproval: 'Orders need approval', ordersNeedApprovalHelp: 'Off: placed orders are approved at once, with no approval walk.',
      salesMaxDiscountPercent: 'Sales max discount (%)', salesMaxDiscountHelp: 'How far (0–100) below the resolved price a sales rep may set a unit price when editing an order; admins are not limited.', saved: 'Settings saved',
    },
  },
})
