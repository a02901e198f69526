import { describe, expect, it } from 'vitest'
import { formatDate, formatDateTime, formatMoney, isZero } from './format'

describe('formatMoney', () => {
  it('writes yuan with the narrow ¥ sign in both locales', () => {
    expect(formatMoney({ amount: '1234.5', currency: 'CNY' }, 'zh-CN')).toBe('¥1,234.50')
    expect(formatMoney({ amount: '1234.5', currency: 'CNY' }, 'en')).toBe('¥1,234.50')
  })

  it('keeps every digit of a large decimal string', () => {
    expect(formatMoney({ amount: '123456789012.34', currency: 'CNY' }, 'zh-CN')).toBe('¥123,456,789,012.34')
  })

  it('writes negative amounts and other currencies', () => {
    expect(formatMoney({ amount: '-100.00', currency: 'CNY' }, 'zh-CN')).toBe('-¥100.00')
    expect(formatMoney({ amount: '0', currency: 'USD' }, 'en')).toBe('$0.00')
  })
})

describe('formatDate', () => {
  it('writes a calendar date per locale, the same day in every timezone', () => {
    expect(formatDate('2026-11-23', 'zh-CN')).toBe('2026年11月23日')
    expect(formatDate('2026-11-23', 'en')).toBe('Nov 23, 2026')
  })

  it('gives back what it cannot read', () => {
    expect(formatDate('soon', 'en')).toBe('soon')
  })
})

describe('formatDateTime', () => {
  it('writes an instant in the given timezone', () => {
    expect(formatDateTime('2026-11-23T08:30:00+08:00', 'zh-CN', 'Asia/Shanghai')).toBe('2026年11月23日 08:30')
    expect(formatDateTime('2026-11-23T08:30:00+08:00', 'en', 'Asia/Shanghai')).toBe('Nov 23, 2026, 8:30 AM')
  })
})

describe('isZero', () => {
  it('knows zero in every way a decimal string writes it', () => {
    for (const zero of ['0', '0.00', '-0.00', '00.0', '.0']) expect(isZero(zero)).toBe(true)
  })

  it('knows everything else is not', () => {
    for (const other of ['0.01', '-0.01', '10', '100.00', '', '.', '-']) expect(isZero(other)).toBe(false)
  })
})
