import { describe, expect, it } from 'vitest'
import { changedVariants, newRow, pricesToSave, rowErrors, savedRows } from './priceRows'

const nodes = [
  { variantId: 'V1', sku: 'A-1', productName: 'A', minQuantity: 1, price: { amount: '37.00' } },
  { variantId: 'V1', sku: 'A-1', productName: 'A', minQuantity: 50, price: { amount: '35.00' } },
  { variantId: 'V2', sku: 'B-1', productName: 'B', minQuantity: 1, price: { amount: '119.00' } },
]

describe('the prices dialog rows', () => {
  it('sends nothing while nothing changed', () => {
    const rows = [...savedRows(nodes), newRow()]
    expect(changedVariants(rows).size).toBe(0)
    expect(pricesToSave(rows)).toEqual({ prices: [], rowOfPrice: [], withoutVariant: [] })
  })

  it('sends every break of a variant whose price changed, and no other variant', () => {
    const rows = savedRows(nodes)
    rows[1]!.price = ' 34.50 '
    const save = pricesToSave(rows)
    expect(save.prices).toEqual([
      { variantId: 'V1', price: '37.00', minQuantity: 1 },
      { variantId: 'V1', price: '34.50', minQuantity: 50 },
    ])
    expect(save.rowOfPrice).toEqual(['V1:1', 'V1:50'])
  })

  it('sends an added break with the variant it joins, and an added variant alone', () => {
    const rows = [...savedRows(nodes), { ...newRow('V2'), price: '110', minQuantity: 20 }, { ...newRow('V3'), price: '9.9' }]
    expect(pricesToSave(rows).prices).toEqual([
      { variantId: 'V2', price: '119.00', minQuantity: 1 },
      { variantId: 'V2', price: '110', minQuantity: 20 },
      { variantId: 'V3', price: '9.9', minQuantity: 1 },
    ])
  })

  it('names an added row with a price but no variant', () => {
    const row = { ...newRow(), price: '5' }
    expect(pricesToSave([row]).withoutVariant).toEqual([row.key])
  })

  it('puts the server errors on the rows they name', () => {
    expect(rowErrors({ 'prices.1.minQuantity': 'overlapping', name: 'x' }, ['V1:1', 'V1:50'])).toEqual({ 'V1:50.minQuantity': 'overlapping' })
  })
})
