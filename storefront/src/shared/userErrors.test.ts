import { describe, expect, it } from 'vitest'
import { fieldKey, formErrors } from './userErrors'

describe('userErrors on a form', () => {
  const errors = [
    { field: ['input', 'lines', '0', 'quantity'], code: 'BELOW_MINIMUM', message: 'At least 6.' },
    { field: ['input', 'poNumber'], code: 'TOO_LONG', message: 'At most 64 characters.' },
    { field: null, code: 'CART_EMPTY', message: 'The cart is empty.' },
  ]

  it('names a field by its path without "input"', () => {
    expect(fieldKey(errors[0]!)).toBe('lines.0.quantity')
    expect(fieldKey(errors[2]!)).toBe('')
  })

  it('puts each error next to the field it names and the rest above the form', () => {
    expect(formErrors(errors, ['poNumber'], 'en')).toEqual({
      byField: { poNumber: 'At most 64 characters.' },
      general: ['At least 6.', 'The cart is empty.'],
    })
  })

  it('says the code in Chinese for a zh-CN reader', () => {
    expect(formErrors(errors, ['poNumber', 'lines.0.quantity'], 'zh-CN').byField).toEqual({
      poNumber: '内容过长',
      'lines.0.quantity': '低于起订量',
    })
  })
})
