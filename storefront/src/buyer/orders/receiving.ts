// The receipt (收货确认) and return (退货申请) forms' drafts and the inputs they send. The server
// checks the quantities (EXCEEDS_SHIPPED, EXCEEDS_RECEIVED); these only shape what the buyer typed.

export interface ShippedLine {
  id: string
  quantity: number
  receivedQuantity: number | null
}

export interface ReceiptDraftLine {
  shipmentLineId: string
  shipped: number
  received: number
  reason: string
}

/** Every line arrived in full until the buyer says otherwise. */
export function receiptDraft(lines: readonly ShippedLine[]): ReceiptDraftLine[] {
  return lines.map((line) => ({ shipmentLineId: line.id, shipped: line.quantity, received: line.quantity, reason: '' }))
}

/** Whether the line came short and so needs a difference reason. */
export function isShort(line: ReceiptDraftLine): boolean {
  return line.received < line.shipped
}

/** Indexes of short lines the buyer gave no reason for. */
export function linesMissingReason(draft: readonly ReceiptDraftLine[]): number[] {
  return draft.flatMap((line, index) => (isShort(line) && !line.reason.trim() ? [index] : []))
}

export interface ReceivedLineInput {
  shipmentLineId: string
  receivedQuantity: number
  differenceReason: string | null
}

/** Only the lines that differ: the server takes unlisted lines as arrived in full. */
export function receiptInputLines(draft: readonly ReceiptDraftLine[]): { lines: ReceivedLineInput[]; draftIndexes: number[] } {
  const lines: ReceivedLineInput[] = []
  const draftIndexes: number[] = []
  draft.forEach((line, index) => {
    if (line.received === line.shipped) return
    lines.push({ shipmentLineId: line.shipmentLineId, receivedQuantity: line.received, differenceReason: line.reason.trim() || null })
    draftIndexes.push(index)
  })
  return { lines, draftIndexes }
}

export interface ReceivedShipment {
  status: string
  lines: readonly (ShippedLine & { orderLine: { name: string; sku: string } })[]
}

export interface ReturnedLine {
  shipmentLineId: string
  quantity: number
}

export interface ReturnDraftLine {
  shipmentLineId: string
  name: string
  sku: string
  /** Received and not yet asked back by a return still standing. */
  returnable: number
  quantity: number
}

/**
 * The received lines the buyer may ask to return, less what earlier returns (not rejected) already
 * ask for; nothing is picked at first.
 */
export function returnDraft(shipments: readonly ReceivedShipment[], earlierReturns: readonly { status: string; lines: readonly ReturnedLine[] }[]): ReturnDraftLine[] {
  const asked = new Map<string, number>()
  for (const earlier of earlierReturns) {
    if (earlier.status === 'REJECTED') continue
    for (const line of earlier.lines) asked.set(line.shipmentLineId, (asked.get(line.shipmentLineId) ?? 0) + line.quantity)
  }
  return shipments
    .filter((shipment) => shipment.status === 'RECEIVED')
    .flatMap((shipment) => shipment.lines)
    .map((line) => ({
      shipmentLineId: line.id,
      name: line.orderLine.name,
      sku: line.orderLine.sku,
      returnable: Math.max(0, (line.receivedQuantity ?? 0) - (asked.get(line.id) ?? 0)),
      quantity: 0,
    }))
    .filter((line) => line.returnable > 0)
}

/** The lines to send, with the draft index of each (for userErrors on `lines.<n>`). */
export function returnInputLines(draft: readonly ReturnDraftLine[]): { lines: ReturnedLine[]; draftIndexes: number[] } {
  const lines: ReturnedLine[] = []
  const draftIndexes: number[] = []
  draft.forEach((line, index) => {
    if (line.quantity <= 0) return
    lines.push({ shipmentLineId: line.shipmentLineId, quantity: line.quantity })
    draftIndexes.push(index)
  })
  return { lines, draftIndexes }
}

/**
 * userErrors name the sent array's index (`lines.1.quantity`); the form shows them on the draft
 * line that index came from. Returns the message per draft index and the rest.
 */
export function errorsByDraftLine(
  byField: Record<string, string>,
  general: readonly string[],
  draftIndexes: readonly number[],
): { byLine: Record<number, string>; general: string[] } {
  const byLine: Record<number, string> = {}
  const rest = [...general]
  for (const [field, message] of Object.entries(byField)) {
    const match = /^lines\.(\d+)(\.|$)/.exec(field)
    const draftIndex = match ? draftIndexes[Number(match[1])] : undefined
    if (draftIndex === undefined) rest.push(message)
    else byLine[draftIndex] ??= message
  }
  return { byLine, general: rest }
}
