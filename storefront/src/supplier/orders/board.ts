// The live order board's bookkeeping, kept apart from Vue so it can be tested: rows merged from
// subscription events, the filter an event's order must match, the resume point (eventId), and the
// "new since you last looked" count.

export interface BoardOrder {
  id: string
  number: string
  status: string
  createdAt: string
  poNumber?: string | null
  customerAccount: { id: string; salesRep?: { id: string } | null }
}

export const ORDER_STATUSES = ['PENDING_APPROVAL', 'APPROVED', 'PARTIALLY_SHIPPED', 'SHIPPED', 'COMPLETED', 'REJECTED', 'CANCELLED'] as const
export type OrderStatusValue = (typeof ORDER_STATUSES)[number]

export interface BoardFilter {
  status: readonly OrderStatusValue[]
  customerAccountId: string | null
  /** The sales rep (a User id) whose customers' orders to show. */
  salesRepId: string | null
  /** Calendar days, inclusive, as the date picker writes them (YYYY-MM-DD). */
  createdFrom: string | null
  createdTo: string | null
  search: string
}

export const EMPTY_FILTER: BoardFilter = { status: [], customerAccountId: null, salesRepId: null, createdFrom: null, createdTo: null, search: '' }

/** The OrderFilter the API takes: only the parts the user set; the board shows the sales side. */
export function apiFilter(filter: BoardFilter) {
  const search = filter.search.trim()
  return {
    side: 'SALES' as const,
    ...(filter.status.length ? { status: [...filter.status] } : {}),
    ...(filter.customerAccountId ? { customerAccountId: filter.customerAccountId } : {}),
    ...(filter.salesRepId ? { salesRepId: filter.salesRepId } : {}),
    ...(filter.createdFrom ? { createdFrom: filter.createdFrom } : {}),
    ...(filter.createdTo ? { createdTo: filter.createdTo } : {}),
    ...(search ? { search } : {}),
  }
}

/** The calendar day of an instant in the reader's timezone (what the date picker means by a day). */
export function localDay(isoInstant: string): string {
  const instant = new Date(isoInstant)
  const pad = (value: number) => String(value).padStart(2, '0')
  return `${instant.getFullYear()}-${pad(instant.getMonth() + 1)}-${pad(instant.getDate())}`
}

/**
 * Whether a live order belongs on the board under the filter. The server checks who may see it; this
 * only repeats the user's own filter so an approved order leaves a "pending" board. The date check is
 * by the reader's day, the server's by its own: an order placed around midnight may differ until the
 * next refetch.
 */
export function matchesFilter(order: BoardOrder, filter: BoardFilter): boolean {
  if (filter.status.length && !(filter.status as readonly string[]).includes(order.status)) return false
  if (filter.customerAccountId && order.customerAccount.id !== filter.customerAccountId) return false
  if (filter.salesRepId && order.customerAccount.salesRep?.id !== filter.salesRepId) return false
  const day = localDay(order.createdAt)
  if (filter.createdFrom && day < filter.createdFrom) return false
  if (filter.createdTo && day > filter.createdTo) return false
  const search = filter.search.trim().toLowerCase()
  if (search && !order.number.toLowerCase().includes(search) && !(order.poNumber ?? '').toLowerCase().includes(search)) return false
  return true
}

function newestFirst(a: BoardOrder, b: BoardOrder): number {
  const byTime = Date.parse(b.createdAt) - Date.parse(a.createdAt)
  return byTime !== 0 ? byTime : b.number.localeCompare(a.number)
}

export interface Merged<T> {
  rows: T[]
  /** The order was not on the board before. */
  inserted: boolean
}

/** Puts an event's order on the board (inserted or replaced, newest first), or takes it off. */
export function mergeOrder<T extends BoardOrder>(rows: readonly T[], order: T, filter: BoardFilter): Merged<T> {
  const others = rows.filter((row) => row.id !== order.id)
  const known = others.length !== rows.length
  if (!matchesFilter(order, filter)) return { rows: others, inserted: false }
  return { rows: [...others, order].sort(newestFirst), inserted: !known }
}

/** eventIds grow; they are compared as numbers when they are numbers, else by length then text. */
export function isLaterEvent(eventId: string, than: string | null): boolean {
  if (than === null) return true
  if (/^\d+$/.test(eventId) && /^\d+$/.test(than)) return BigInt(eventId) > BigInt(than)
  return eventId.length !== than.length ? eventId.length > than.length : eventId > than
}

/** The newest placement time among the rows: what "the user has looked" remembers. */
export function newestPlacement(rows: readonly BoardOrder[]): string | null {
  let newest: string | null = null
  for (const row of rows) if (newest === null || Date.parse(row.createdAt) > Date.parse(newest)) newest = row.createdAt
  return newest
}

/** Orders placed after the user last looked (null: never looked, nothing is new). */
export function countNew(rows: readonly BoardOrder[], lastSeen: string | null): number {
  if (lastSeen === null) return 0
  const seen = Date.parse(lastSeen)
  return rows.filter((row) => Date.parse(row.createdAt) > seen).length
}
