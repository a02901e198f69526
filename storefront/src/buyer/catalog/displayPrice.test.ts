import { describe, expect, it } from 'vitest'
import { cardPrice, compareDecimal, soldOut, struckBase } from './displayPrice'

const cny = (amount: string) => ({ amount, currency: 'CNY' })

describe('compareDecimal', () => {
  it('compares decimal strings exactly', () => {
    expect(compareDecimal('9.90', '10')).toBeLessThan(0)
    expect(compareDecimal('100.00', '99.999')).toBeGreaterThan(0)
    expect(compareDecimal('3.10', '3.1')).toBe(0)
    expect(compareDecimal('007.5', '7.50')).toBe(0)
    expect(compareDecimal('-2', '1')).toBeLessThan(0)
    expect(compareDecimal('-2', '-1')).toBeLessThan(0)
  })
})

describe('cardPrice', () => {
  it('shows the lowest price over the variants with its base struck through, "from" when they differ', () => {
    const price = cardPrice([
      { price: cny('71.10'), basePrice: cny('79.00'), available: 5 },
      { price: cny('3.42'), basePrice: cny('3.80'), available: 0 },
      { price: cny('37.00'), basePrice: cny('42.00'), available: 9 },
    ])
    expect(price).toEqual({ price: cny('3.42'), basePrice: cny('3.80'), from: true })
  })

  it('does not strike a base price that is not higher, nor say "from" for one price', () => {
    expect(cardPrice([{ price: cny('42.00'), basePrice: cny('42.00'), available: 1 }])).toEqual({ price: cny('42.00'), basePrice: null, from: false })
  })

  it('is null when the prices are hidden', () => {
    expect(cardPrice([{ price: null, basePrice: null, available: 1 }])).toBeNull()
    expect(cardPrice([])).toBeNull()
  })
})

describe('struckBase and soldOut', () => {
  it('strikes only a higher base in the same currency', () => {
    expect(struckBase(cny('9'), cny('10'))).toEqual(cny('10'))
    expect(struckBase(cny('9'), { amount: '10', currency: 'USD' })).toBeNull()
    expect(struckBase(null, cny('10'))).toBeNull()
  })

  it('is sold out only when every variant is', () => {
    expect(soldOut([{ available: 0 }, { available: 0 }])).toBe(true)
    expect(soldOut([{ available: 0 }, { available: 3 }])).toBe(false)
    expect(soldOut([])).toBe(false)
  })
})
