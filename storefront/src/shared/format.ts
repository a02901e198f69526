// Money, dates and instants as the reader's locale writes them: ¥1,234.50, 2026年11月23日, Nov 23, 2026.

export interface MoneyValue {
  amount: string
  currency: string
}

const moneyFormats = new Map<string, Intl.NumberFormat>()

export function formatMoney(money: MoneyValue, locale: string): string {
  const key = `${locale}|${money.currency}`
  let format = moneyFormats.get(key)
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency, currencyDisplay: 'narrowSymbol' })
    moneyFormats.set(key, format)
  }
  // A decimal string is formatted exactly, with no trip through a binary float.
  return format.format(money.amount as Intl.StringNumericLiteral)
}

/** Whether a decimal string is zero ("0", "0.00", "-0.00"). */
export function isZero(amount: string): boolean {
  return /^-?0*(\.0*)?$/.test(amount) && /\d/.test(amount)
}

/** A calendar date (`2026-11-23`), the same day wherever the reader is. */
export function formatDate(isoDate: string, locale: string): string {
  const [year, month, day] = isoDate.slice(0, 10).split('-').map(Number)
  if (year === undefined || month === undefined || day === undefined || [year, month, day].some(Number.isNaN)) return isoDate
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.UTC(year, month - 1, day))
}

/** An instant (`2026-11-23T08:30:00+08:00`) in the reader's own timezone unless one is given. */
export function formatDateTime(isoInstant: string, locale: string, timeZone?: string): string {
  const instant = Date.parse(isoInstant)
  if (Number.isNaN(instant)) return isoInstant
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(instant)
}

