// The amount a buyer types, checked before it is sent: a positive decimal with at most two places,
// sent as the exact string the API's Decimal scalar takes (never through a binary float).

export type AmountProblem = 'required' | 'invalid' | 'tooManyDecimals' | 'notPositive'

export type AmountCheck = { ok: true; amount: string } | { ok: false; problem: AmountProblem }

/** Largest amount the field accepts: 12 integer digits, far above any real payment. */
const MAX_INTEGER_DIGITS = 12

export function parseAmount(input: string): AmountCheck {
  // People paste "1,234.50", "¥1234.5" or full-width digits; the thousands commas and the sign mean nothing here.
  const text = input
    .trim()
    .replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/^[¥￥]\s*/, '')
    .replace(/,/g, '')
  if (text === '') return { ok: false, problem: 'required' }
  const match = /^(\d+)(?:\.(\d*))?$/.exec(text) ?? /^()\.(\d+)$/.exec(text)
  if (!match) return { ok: false, problem: 'invalid' }
  const integer = (match[1] ?? '').replace(/^0+(?=\d)/, '') || '0'
  const fraction = match[2] ?? ''
  if (fraction.length > 2) return { ok: false, problem: 'tooManyDecimals' }
  if (integer.length > MAX_INTEGER_DIGITS) return { ok: false, problem: 'invalid' }
  const cents = fraction.padEnd(2, '0')
  if (/^0+$/.test(integer) && cents === '00') return { ok: false, problem: 'notPositive' }
  return { ok: true, amount: `${integer}.${cents}` }
}
