// The order's timeline from its history (every track): placed, status moves, edits, payment and
// fulfilment moves, newest first. The server writes some reasons as plain codes ("placed",
// "approved", "shipment DO-…"); those become i18n keys, any other reason is shown as written.

export type OrderTrack = 'STATUS' | 'PAYMENT' | 'FULFILMENT'

export interface HistoryRow {
  track: OrderTrack
  fromValue: string | null
  toValue: string
  reason: string | null
  userName: string | null
  at: string
}

export type TimelineKind = 'placed' | 'status' | 'edited' | 'payment' | 'fulfilment'

export interface TimelineReason {
  /** An i18n key under `orders.timeline.reason` for the server's reason codes, else null. */
  code: 'approved' | 'received' | 'shipment' | 'supplierEdit' | null
  /** The reason as written, or the code's argument (a shipment number, the supplier's words). */
  text: string
}

export interface TimelineEntry {
  key: string
  kind: TimelineKind
  from: string | null
  to: string
  reason: TimelineReason | null
  who: string | null
  at: string
}

const SUPPLIER_EDIT = /^edited by the supplier(?::\s*(.*))?$/s
const SHIPMENT = /^shipment (\S+)$/

function kindOf(row: HistoryRow): TimelineKind {
  if (row.track === 'PAYMENT') return 'payment'
  if (row.track === 'FULFILMENT') return 'fulfilment'
  if (row.fromValue === null) return 'placed'
  if (row.fromValue === row.toValue) return 'edited'
  return 'status'
}

export function reasonOf(reason: string | null): TimelineReason | null {
  const text = reason?.trim()
  if (!text || text === 'placed' || text === 'edited') return null
  if (text === 'approved') return { code: 'approved', text: '' }
  if (text === 'all shipments received') return { code: 'received', text: '' }
  const shipment = SHIPMENT.exec(text)
  if (shipment?.[1]) return { code: 'shipment', text: shipment[1] }
  const supplierEdit = SUPPLIER_EDIT.exec(text)
  if (supplierEdit) return { code: 'supplierEdit', text: supplierEdit[1]?.trim() ?? '' }
  return { code: null, text }
}

/** The timeline entries, newest first (rows of one instant keep the server's order, reversed). */
export function buildTimeline(history: readonly HistoryRow[]): TimelineEntry[] {
  const entries = history.map((row, index) => ({
    key: `${index}-${row.track}-${row.at}`,
    kind: kindOf(row),
    from: row.fromValue,
    to: row.toValue,
    reason: reasonOf(row.reason),
    who: row.userName,
    at: row.at,
    index,
  }))
  entries.sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || b.index - a.index)
  return entries.map(({ index: _index, ...entry }) => entry)
}
