// Which list tab an order's status belongs to, and the colour of its tag. The labels are i18n
// keys (`orders.status.<STATUS>`); what the buyer may do is the server's `availableActions`.

export type OrderStatus = 'PENDING_APPROVAL' | 'APPROVED' | 'PARTIALLY_SHIPPED' | 'SHIPPED' | 'COMPLETED' | 'REJECTED' | 'CANCELLED'

export const ORDER_TABS = ['all', 'pending', 'approved', 'shipped', 'completed', 'closed'] as const
export type OrderTab = (typeof ORDER_TABS)[number]

const TAB_STATUSES: Record<OrderTab, OrderStatus[] | null> = {
  all: null,
  pending: ['PENDING_APPROVAL'],
  approved: ['APPROVED'],
  // Partly shipped orders are on their way too: the buyer looks for them among the shipped.
  shipped: ['PARTIALLY_SHIPPED', 'SHIPPED'],
  completed: ['COMPLETED'],
  closed: ['CANCELLED', 'REJECTED'],
}

/** The statuses a tab lists; null lists every order. */
export function statusesOfTab(tab: OrderTab): OrderStatus[] | null {
  return TAB_STATUSES[tab]
}

/** The tab an order of this status is listed under (besides "all"). */
export function tabOfStatus(status: OrderStatus): OrderTab {
  const tab = ORDER_TABS.find((candidate) => candidate !== 'all' && TAB_STATUSES[candidate]?.includes(status))
  return tab ?? 'all'
}

/** The tab named in the URL's query, "all" for anything else. */
export function parseTab(value: unknown): OrderTab {
  return ORDER_TABS.find((tab) => tab === value) ?? 'all'
}

export type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'default'

const STATUS_TAGS: Record<OrderStatus, TagType> = {
  PENDING_APPROVAL: 'warning',
  APPROVED: 'primary',
  PARTIALLY_SHIPPED: 'primary',
  SHIPPED: 'primary',
  COMPLETED: 'success',
  REJECTED: 'danger',
  CANCELLED: 'default',
}

export function statusTagType(status: OrderStatus): TagType {
  return STATUS_TAGS[status]
}
