import { describe, expect, it } from 'vitest'
import { emptyVariant, parseBreaks, parseLines, percentFromRate, rateFromPercent, variantDraft, variantErrorKey, variantInput } from './forms'
import { lowStockRows, stockRows } from './stock'

describe('volume breaks as typed', () => {
  it('reads "quantity:price" parts separated by commas or spaces', () => {
    expect(parseBreaks('10:40, 50:38.5')).toEqual([
      { minQuantity: 10, price: '40' },
      { minQuantity: 50, price: '38.5' },
    ])
    expect(parseBreaks('')).toEqual([])
    expect(parseBreaks('10：40，20:39')).toEqual([
      { minQuantity: 10, price: '40' },
      { minQuantity: 20, price: '39' },
    ])
  })

  it('refuses anything else', () => {
    expect(parseBreaks('ten:40')).toBeNull()
    expect(parseBreaks('10-40')).toBeNull()
  })
})

describe('a variant in the form', () => {
  const stored = {
    id: 'V1',
    sku: 'HX-1',
    barcode: null,
    unit: '箱',
    spec: [
      { name: '规格', value: '500ml' },
      { name: '包装', value: '24瓶/箱' },
    ],
    basePrice: { amount: '48.00' },
    minOrderQuantity: 2,
    orderMultiple: 2,
    volumeBreaks: [
      { minQuantity: 1, unitPrice: { amount: '48.00' } },
      { minQuantity: 10, unitPrice: { amount: '45.00' } },
    ],
  }

  it('edits the pack apart from the other spec and leaves the 1-unit step out of the breaks', () => {
    const draft = variantDraft(stored)
    expect(draft.pack).toBe('24瓶/箱')
    expect(draft.otherSpec).toEqual([{ name: '规格', value: '500ml' }])
    expect(draft.volumeBreaks).toBe('10:45.00')
  })

  it('goes back to the API with the pack as a spec attribute and blanks as null', () => {
    expect(variantInput(variantDraft(stored))).toEqual({
      sku: 'HX-1',
      basePrice: '48.00',
      barcode: null,
      unit: '箱',
      spec: [
        { name: '规格', value: '500ml' },
        { name: '包装', value: '24瓶/箱' },
      ],
      minOrderQuantity: 2,
      orderMultiple: 2,
      volumeBreaks: [{ minQuantity: 10, price: '45.00' }],
    })
    expect(variantInput({ ...emptyVariant(), sku: ' A ', basePrice: '1' })).toMatchObject({ sku: 'A', unit: null, spec: [] })
  })

  it('keys a single-variant error as the form row it belongs to', () => {
    expect(variantErrorKey(['input', 'variant', 'sku'], 2)).toBe('variants.2.sku')
    expect(variantErrorKey(['input', 'variantId'], 0)).toBe('variantId')
  })
})

describe('rates as percentages', () => {
  it('turns a percentage into the rate exactly', () => {
    expect(rateFromPercent('92')).toBe('0.92')
    expect(rateFromPercent('92.5')).toBe('0.925')
    expect(rateFromPercent('100')).toBe('1')
    expect(rateFromPercent('7')).toBe('0.07')
    expect(rateFromPercent('abc')).toBeNull()
  })

  it('shows a rate as a percentage', () => {
    expect(percentFromRate('0.9000')).toBe('90')
    expect(percentFromRate('0.925')).toBe('92.5')
    expect(percentFromRate('1.05')).toBe('105')
  })
})

it('reads image URLs one a line', () => {
  expect(parseLines(' https://a/1.jpg \n\nhttps://a/2.jpg')).toEqual(['https://a/1.jpg', 'https://a/2.jpg'])
})

describe('stock rows', () => {
  const sh = { id: 'W1', code: 'SH', name: '上海仓' }
  const gz = { id: 'W2', code: 'GZ', name: '广州仓' }
  const products = [
    {
      id: 'P1',
      name: '绿茶',
      variants: [
        {
          id: 'V1',
          sku: 'T-1',
          unit: '箱',
          stockLevels: [
            { warehouse: sh, onHand: 10, reserved: 2, available: 8, lowStockThreshold: 8, isLow: true },
            { warehouse: gz, onHand: 50, reserved: 0, available: 50, lowStockThreshold: null, isLow: false },
          ],
        },
      ],
    },
  ]

  it('has a row per variant and warehouse, the low ones as the server says', () => {
    const rows = stockRows(products)
    expect(rows.map((r) => r.key)).toEqual(['V1:W1', 'V1:W2'])
    expect(lowStockRows(rows).map((r) => r.key)).toEqual(['V1:W1'])
  })
})
