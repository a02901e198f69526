import { describe, expect, it } from 'vitest'
import { errorsByDraftLine, linesMissingReason, receiptDraft, receiptInputLines, returnDraft, returnInputLines } from './receiving'

describe('receipt', () => {
  it('starts with every line received in full and sends nothing for those', () => {
    const draft = receiptDraft([
      { id: 'a', quantity: 3, receivedQuantity: null },
      { id: 'b', quantity: 2, receivedQuantity: null },
    ])
    expect(draft.map((line) => line.received)).toEqual([3, 2])
    expect(receiptInputLines(draft)).toEqual({ lines: [], draftIndexes: [] })
  })

  it('sends a short line with its reason and asks for the reason when missing', () => {
    const draft = receiptDraft([
      { id: 'a', quantity: 3, receivedQuantity: null },
      { id: 'b', quantity: 2, receivedQuantity: null },
    ])
    draft[1]!.received = 1
    expect(linesMissingReason(draft)).toEqual([1])
    draft[1]!.reason = ' 破损 '
    expect(linesMissingReason(draft)).toEqual([])
    expect(receiptInputLines(draft)).toEqual({
      lines: [{ shipmentLineId: 'b', receivedQuantity: 1, differenceReason: '破损' }],
      draftIndexes: [1],
    })
  })
})

describe('return', () => {
  const shipments = [
    {
      status: 'RECEIVED',
      lines: [
        { id: 's1', quantity: 5, receivedQuantity: 4, orderLine: { name: '饼干', sku: 'A' } },
        { id: 's2', quantity: 2, receivedQuantity: 2, orderLine: { name: '茶', sku: 'B' } },
      ],
    },
    { status: 'SHIPPED', lines: [{ id: 's3', quantity: 1, receivedQuantity: null, orderLine: { name: '油', sku: 'C' } }] },
  ]

  it('offers received lines less what standing returns ask for', () => {
    const draft = returnDraft(shipments, [
      { status: 'REQUESTED', lines: [{ shipmentLineId: 's2', quantity: 2 }] },
      { status: 'REJECTED', lines: [{ shipmentLineId: 's1', quantity: 4 }] },
    ])
    expect(draft).toEqual([{ shipmentLineId: 's1', name: '饼干', sku: 'A', returnable: 4, quantity: 0 }])
  })

  it('sends only the lines with a quantity and maps errors back to them', () => {
    const draft = returnDraft(shipments, [])
    draft[1]!.quantity = 1
    const { lines, draftIndexes } = returnInputLines(draft)
    expect(lines).toEqual([{ shipmentLineId: 's2', quantity: 1 }])
    expect(errorsByDraftLine({ 'lines.0.quantity': 'too many' }, ['x'], draftIndexes)).toEqual({ byLine: { 1: 'too many' }, general: ['x'] })
    expect(errorsByDraftLine({ 'lines.7': 'gone' }, [], draftIndexes)).toEqual({ byLine: {}, general: ['gone'] })
  })
})
