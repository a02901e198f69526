import { describe, expect, it } from 'vitest'
import { errorLineIndex, keepLines, MAX_QUANTITY, parseQuickOrder } from './quickOrder'

const one = (text: string) => parseQuickOrder(text)

describe('parseQuickOrder', () => {
  it.each([
    ['HX-DA-009-6 3', 'space'],
    ['HX-DA-009-6\t3', 'tab (a row pasted from Excel)'],
    ['HX-DA-009-6,3', 'comma'],
    ['HX-DA-009-6, 3', 'comma and space'],
    ['HX-DA-009-6，3', 'full-width comma'],
    ['HX-DA-009-6\u30003', 'full-width space'],
    ['HX-DA-009-6x3', 'x glued'],
    ['HX-DA-009-6X3', 'capital X glued'],
    ['HX-DA-009-6 x 3', 'x between spaces'],
    ['HX-DA-009-6 x3', 'x glued to the quantity'],
    ['HX-DA-009-6×3', 'times sign'],
    ['HX-DA-009-6 × 3', 'times sign between spaces'],
    ['HX-DA-009-6× 3', 'times sign glued to the SKU'],
    ['HX-DA-009-6*3', 'asterisk'],
    ['HX-DA-009-6 * 3', 'asterisk between spaces'],
    ['  HX-DA-009-6    3  ', 'surrounding and repeated spaces'],
    ['HX-DA-009-6 ３', 'full-width digits'],
  ])('reads %j (%s)', (text) => {
    expect(one(text)).toEqual({ lines: [{ sku: 'HX-DA-009-6', quantity: 3, lineNumbers: [1] }], problems: [] })
  })

  it('keeps an X that belongs to the SKU (HX-…)', () => {
    expect(one('HX-SN-002-1x12').lines).toEqual([{ sku: 'HX-SN-002-1', quantity: 12, lineNumbers: [1] }])
  })

  it('skips blank lines but numbers lines as the pad shows them', () => {
    const parsed = one('\nA-1 2\n   \n\r\nB-2 5\n')
    expect(parsed.lines).toEqual([
      { sku: 'A-1', quantity: 2, lineNumbers: [2] },
      { sku: 'B-2', quantity: 5, lineNumbers: [5] },
    ])
    expect(parsed.problems).toEqual([])
  })

  it('understands Windows and old Mac line ends', () => {
    expect(one('A-1 1\r\nB-2 2\rC-3 3').lines.map((line) => line.lineNumbers[0])).toEqual([1, 2, 3])
  })

  it('sums the same SKU named twice and remembers both lines', () => {
    expect(one('A-1 2\nB-2 1\nA-1,3').lines).toEqual([
      { sku: 'A-1', quantity: 5, lineNumbers: [1, 3] },
      { sku: 'B-2', quantity: 1, lineNumbers: [2] },
    ])
  })

  it('treats SKUs case by case, as the server does', () => {
    expect(one('a-1 1\nA-1 1').lines).toHaveLength(2)
  })

  it.each([
    ['A-1', 'MISSING_QUANTITY'],
    ['A-1 two', 'BAD_QUANTITY'],
    ['A-1 1.5', 'BAD_QUANTITY'],
    ['A-1 -2', 'BAD_QUANTITY'],
    ['A-1 0', 'ZERO_QUANTITY'],
    [`A-1 ${MAX_QUANTITY + 1}`, 'TOO_LARGE'],
    ['A-1 牛奶 3', 'TOO_MANY_PARTS'],
    ['A-1\t纯牛奶\t3\t箱', 'TOO_MANY_PARTS'],
    ['x 3', 'MISSING_SKU'],
    ['* 3', 'MISSING_SKU'],
    ['SKU 数量', 'BAD_QUANTITY'],
  ])('reports %j as %s', (text, reason) => {
    expect(one(text)).toEqual({ lines: [], problems: [{ lineNumber: 1, text: text.trim(), reason }] })
  })

  it('reports each bad line with its line number and reads the rest', () => {
    const parsed = one('A-1 2\nnonsense\n\nB-2 0\nC-3 4')
    expect(parsed.lines.map((line) => line.sku)).toEqual(['A-1', 'C-3'])
    expect(parsed.problems).toEqual([
      { lineNumber: 2, text: 'nonsense', reason: 'MISSING_QUANTITY' },
      { lineNumber: 4, text: 'B-2 0', reason: 'ZERO_QUANTITY' },
    ])
  })

  it('reads nothing from an empty pad', () => {
    expect(one('')).toEqual({ lines: [], problems: [] })
    expect(one('\n \n')).toEqual({ lines: [], problems: [] })
  })
})

describe('keepLines', () => {
  it('keeps the named lines, in order', () => {
    expect(keepLines('a 1\nb 2\nc 3\nd 4', new Set([2, 4]))).toBe('b 2\nd 4')
  })
  it('empties the pad when nothing is kept', () => {
    expect(keepLines('a 1\nb 2', new Set())).toBe('')
  })
})

describe('errorLineIndex', () => {
  it('reads the line of a userError field', () => {
    expect(errorLineIndex('lines.3.quantity')).toBe(3)
    expect(errorLineIndex('lines.0.sku')).toBe(0)
    expect(errorLineIndex('lines.12')).toBe(12)
  })
  it('answers null for errors about no line', () => {
    expect(errorLineIndex('supplierId')).toBeNull()
    expect(errorLineIndex('')).toBeNull()
    expect(errorLineIndex('linesx.1')).toBeNull()
  })
})
