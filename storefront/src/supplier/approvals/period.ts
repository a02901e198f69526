// Statement periods: calendar days (YYYY-MM-DD) in the reader's calendar, and the month shortcuts
// of the period picker. The server counts the days in the supplier's timezone.

export interface Period {
  from: string
  to: string
}

function isoDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

/** The whole calendar month `offset` months from the one holding `today` (0: this month). */
export function monthPeriod(today: Date, offset = 0): Period {
  const first = new Date(today.getFullYear(), today.getMonth() + offset, 1)
  const last = new Date(today.getFullYear(), today.getMonth() + offset + 1, 0)
  return { from: isoDay(first), to: isoDay(last) }
}

/** From the first of the month `monthsBack` months ago to the end of this month. */
export function lastMonthsPeriod(today: Date, months: number): Period {
  return { from: monthPeriod(today, 1 - months).from, to: monthPeriod(today).to }
}

const DAY = /^\d{4}-\d{2}-\d{2}$/

/** A period from the page's query (?from=&to=), or null when either day is missing or malformed. */
export function periodFromQuery(from: unknown, to: unknown): Period | null {
  if (typeof from !== 'string' || typeof to !== 'string' || !DAY.test(from) || !DAY.test(to) || from > to) return null
  return { from, to }
}

/** A day as el-date-picker hands it back (a local midnight Date) for a period's bounds. */
export function dayDate(isoDate: string): Date {
  const [year, month, day] = isoDate.split('-').map(Number)
  return new Date(year ?? 1970, (month ?? 1) - 1, day ?? 1)
}
