// Where a notification leads: the page of the order, payment, statement, notice or service thread it is about.

type Kind = string

const ORDER_KINDS: ReadonlySet<Kind> = new Set(['ORDER_APPROVED', 'ORDER_SHIPPED', 'ORDER_CHANGED', 'ORDER_PLACED', 'APPROVAL_REQUESTED'])
const STATEMENT_KINDS: ReadonlySet<Kind> = new Set(['STATEMENT_READY', 'STATEMENT_DISPUTED', 'STATEMENT_DISPUTE_ANSWERED'])

/** The buyer app's route for a notification's subject, or null when it has no page there. */
export function subjectRoute(notification: { kind: Kind; subjectId: string }): string | null {
  if (ORDER_KINDS.has(notification.kind)) return `/orders/${encodeURIComponent(notification.subjectId)}`
  if (notification.kind === 'PAYMENT_CONFIRMED') return '/payments'
  if (STATEMENT_KINDS.has(notification.kind)) return '/statements'
  if (notification.kind === 'ANNOUNCEMENT') return `/notices/${encodeURIComponent(notification.subjectId)}`
  if (notification.kind.startsWith('SERVICE_')) return `/service/${encodeURIComponent(notification.subjectId)}`
  return null
}

