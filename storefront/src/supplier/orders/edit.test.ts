import { describe, expect, it } from 'vitest'
import { keyToRow, lineEdits, shipmentLines } from './edit'

describe('lineEdits', () => {
  it('sends only changed lines and prices set by hand, remembering their rows', () => {
    const edits = lineEdits(
      [
        { orderLineId: 'L1', quantity: 3, originalQuantity: 3, unitPrice: '', priceReason: '' },
        { orderLineId: 'L2', quantity: 5, originalQuantity: 2, unitPrice: '', priceReason: '' },
        { orderLineId: 'L3', quantity: 1, originalQuantity: 1, unitPrice: ' 9.50 ', priceReason: ' 老客户 ' },
      ],
      [
        { variantId: '', quantity: 1, unitPrice: '', priceReason: '' },
        { variantId: 'V9', quantity: 4, unitPrice: '', priceReason: '' },
      ],
    )
    expect(edits.lines).toEqual([
      { orderLineId: 'L2', quantity: 5 },
      { orderLineId: 'L3', unitPrice: '9.50', priceReason: '老客户' },
    ])
    expect(edits.rowOfLine).toEqual([1, 2])
    expect(edits.addLines).toEqual([{ variantId: 'V9', quantity: 4 }])
    expect(edits.rowOfAdd).toEqual([1])
  })
})

describe('keyToRow', () => {
  it('renames a sent index to its form row', () => {
    expect(keyToRow('lines.1.unitPrice', 'lines', [1, 2])).toBe('lines.2.unitPrice')
    expect(keyToRow('lines.0', 'lines', [4])).toBe('lines.4')
    expect(keyToRow('addLines.0.quantity', 'lines', [4])).toBe('addLines.0.quantity')
    expect(keyToRow('reason', 'lines', [4])).toBe('reason')
  })
})

describe('shipmentLines', () => {
  it('ships the rows with a quantity', () => {
    expect(
      shipmentLines([
        { orderLineId: 'L1', quantity: 0 },
        { orderLineId: 'L2', quantity: 2 },
      ]),
    ).toEqual({ lines: [{ orderLineId: 'L2', quantity: 2 }], rowOfLine: [1] })
  })
})
