// The server writes a history row's reason in English for the moves it makes itself ("placed",
// "approved", "shipment DO-…"); those become message keys, any other reason (a person's) stays as written.

export interface HistoryReason {
  /** A key under orders.historyReason, or null for a reason shown as written. */
  key: 'placed' | 'edited' | 'approved' | 'received' | 'shipment' | 'supplierEdit' | null
  text: string
}

const SUPPLIER_EDIT = /^edited by the supplier(?::\s*(.*))?$/s
const SHIPMENT = /^shipment (\S+)$/

export function historyReason(reason: string | null | undefined): HistoryReason | null {
  const text = reason?.trim()
  if (!text) return null
  if (text === 'placed' || text === 'edited' || text === 'approved') return { key: text, text: '' }
  if (text === 'all shipments received') return { key: 'received', text: '' }
  const shipment = SHIPMENT.exec(text)
  if (shipment?.[1]) return { key: 'shipment', text: shipment[1] }
  const supplierEdit = SUPPLIER_EDIT.exec(text)
  if (supplierEdit) return { key: 'supplierEdit', text: supplierEdit[1]?.trim() ?? '' }
  return { key: null, text }
}
