// 改单 and 发货 forms send only the rows the user touched; the server's userErrors name the sent
// index (lines.2.quantity), so each form keeps which of its rows each sent line came from.

export interface EditRow {
  orderLineId: string
  quantity: number
  originalQuantity: number
  /** A unit price set by hand; '' keeps the line's price. */
  unitPrice: string
  priceReason: string
}

export interface AddRow {
  variantId: string
  quantity: number
  unitPrice: string
  priceReason: string
}

export interface LineChangeInput {
  orderLineId: string
  quantity?: number
  unitPrice?: string
  priceReason?: string
}

export interface LineAddInput {
  variantId: string
  quantity: number
  unitPrice?: string
  priceReason?: string
}

export interface LineEdits {
  lines: LineChangeInput[]
  addLines: LineAddInput[]
  /** rowOfLine[i]: the form row lines[i] came from. */
  rowOfLine: number[]
  rowOfAdd: number[]
}

export function lineEdits(rows: readonly EditRow[], added: readonly AddRow[]): LineEdits {
  const edits: LineEdits = { lines: [], addLines: [], rowOfLine: [], rowOfAdd: [] }
  rows.forEach((row, index) => {
    const price = row.unitPrice.trim()
    const quantityChanged = row.quantity !== row.originalQuantity
    if (!quantityChanged && !price) return
    edits.lines.push({
      orderLineId: row.orderLineId,
      ...(quantityChanged ? { quantity: row.quantity } : {}),
      ...(price ? { unitPrice: price, priceReason: row.priceReason.trim() } : {}),
    })
    edits.rowOfLine.push(index)
  })
  added.forEach((row, index) => {
    if (!row.variantId) return
    const price = row.unitPrice.trim()
    edits.addLines.push({ variantId: row.variantId, quantity: row.quantity, ...(price ? { unitPrice: price, priceReason: row.priceReason.trim() } : {}) })
    edits.rowOfAdd.push(index)
  })
  return edits
}

/**
 * Renames the error keys of sent lines to the form's rows: `lines.1.quantity` of the second sent line
 * becomes `lines.<its row>.quantity`, so the message shows on the row the user typed in.
 */
export function keyToRow(key: string, list: string, rowOf: readonly number[]): string {
  const match = new RegExp(`^${list}\\.(\\d+)(\\..*)?$`).exec(key)
  if (!match) return key
  const row = rowOf[Number(match[1])]
  return row === undefined ? key : `${list}.${row}${match[2] ?? ''}`
}

export interface ShipRow {
  orderLineId: string
  quantity: number
}

/** The lines of a shipment: the rows with something to ship. */
export function shipmentLines(rows: readonly ShipRow[]): { lines: ShipRow[]; rowOfLine: number[] } {
  const lines: ShipRow[] = []
  const rowOfLine: number[] = []
  rows.forEach((row, index) => {
    if (row.quantity > 0) {
      lines.push({ orderLineId: row.orderLineId, quantity: row.quantity })
      rowOfLine.push(index)
    }
  })
  return { lines, rowOfLine }
}
