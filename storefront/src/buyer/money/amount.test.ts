import { describe, expect, it } from 'vitest'
import { parseAmount } from './amount'

describe('parseAmount', () => {
  it('sends a positive amount as an exact two-place decimal', () => {
    expect(parseAmount('1234.5')).toEqual({ ok: true, amount: '1234.50' })
    expect(parseAmount(' 88 ')).toEqual({ ok: true, amount: '88.00' })
    expect(parseAmount('0.01')).toEqual({ ok: true, amount: '0.01' })
    expect(parseAmount('.5')).toEqual({ ok: true, amount: '0.50' })
    expect(parseAmount('007.10')).toEqual({ ok: true, amount: '7.10' })
  })

  it('accepts what people paste: thousands commas, a yuan sign, full-width digits', () => {
    expect(parseAmount('1,234.50')).toEqual({ ok: true, amount: '1234.50' })
    expect(parseAmount('¥ 99')).toEqual({ ok: true, amount: '99.00' })
    expect(parseAmount('１２３．４')).toEqual({ ok: true, amount: '123.40' })
  })

  it('says what is wrong with an amount it cannot send', () => {
    expect(parseAmount('')).toEqual({ ok: false, problem: 'required' })
    expect(parseAmount('   ')).toEqual({ ok: false, problem: 'required' })
    expect(parseAmount('abc')).toEqual({ ok: false, problem: 'invalid' })
    expect(parseAmount('-5')).toEqual({ ok: false, problem: 'invalid' })
    expect(parseAmount('1e3')).toEqual({ ok: false, problem: 'invalid' })
    expect(parseAmount('1.2.3')).toEqual({ ok: false, problem: 'invalid' })
    expect(parseAmount('12.345')).toEqual({ ok: false, problem: 'tooManyDecimals' })
    expect(parseAmount('0')).toEqual({ ok: false, problem: 'notPositive' })
    expect(parseAmount('0.00')).toEqual({ ok: false, problem: 'notPositive' })
    expect(parseAmount('1234567890123')).toEqual({ ok: false, problem: 'invalid' })
  })
})
