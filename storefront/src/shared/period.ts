// Statement periods as calendar days (YYYY-MM-DD). The server reads them as days in the supplier's
// timezone; the presets count from the reader's calendar day, never through a UTC instant, so
// "this month" is the same month the reader sees on the wall.

export type PeriodPreset = 'thisMonth' | 'lastMonth' | 'custom'

export interface Period {
  from: string
  to: string
}

/** A calendar date as the API's Date scalar writes it. */
export function isoDate(year: number, monthIndex: number, day: number): string {
  const normalized = new Date(year, monthIndex, day)
  const y = String(normalized.getFullYear()).padStart(4, '0')
  const m = String(normalized.getMonth() + 1).padStart(2, '0')
  const d = String(normalized.getDate()).padStart(2, '0')
  return `${y}-${m}-${d}`
}

/** The reader's calendar day of a Date, whatever its time. */
export function dayOf(date: Date): string {
  return isoDate(date.getFullYear(), date.getMonth(), date.getDate())
}

/** The whole calendar month `offset` months from the one `today` is in (0: this month). */
export function monthPeriod(today: Date, offset = 0): Period {
  const year = today.getFullYear()
  const month = today.getMonth() + offset
  // Day 0 of the next month is the last day of this one (28–31, leap years included).
  return { from: isoDate(year, month, 1), to: isoDate(year, month + 1, 0) }
}

/** From the first day of the month `months - 1` months back to the end of this month. */
export function lastMonthsPeriod(today: Date, months: number): Period {
  return { from: monthPeriod(today, 1 - months).from, to: monthPeriod(today).to }
}

/** The first to the last day of the month `today` is in, or of the month before. */
export function presetPeriod(preset: Exclude<PeriodPreset, 'custom'>, today: Date): Period {
  return monthPeriod(today, preset === 'thisMonth' ? 0 : -1)
}

/** The period a calendar range picks, earliest day first. */
export function rangePeriod(start: Date, end: Date): Period {
  const [first, last] = start.getTime() <= end.getTime() ? [start, end] : [end, start]
  return { from: dayOf(first), to: dayOf(last) }
}

/** A YYYY-MM-DD day as a local Date at midnight (for the calendar's default range). */
export function localDate(isoDay: string): Date {
  const [year = 1970, month = 1, day = 1] = isoDay.split('-').map(Number)
  return new Date(year, month - 1, day)
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/

/** A period from the address's ?from=&to=, when both are real days in order. */
export function periodFromQuery(from: unknown, to: unknown): Period | null {
  if (typeof from !== 'string' || typeof to !== 'string' || !ISO_DAY.test(from) || !ISO_DAY.test(to)) return null
  // 2026-02-30 is no day: it must read back as itself.
  if (dayOf(localDate(from)) !== from || dayOf(localDate(to)) !== to) return null
  return from <= to ? { from, to } : null
}

/** Which preset a period is, as of `today`; any other range is custom. */
export function presetOf(period: Period, today: Date): PeriodPreset {
  for (const preset of ['thisMonth', 'lastMonth'] as const) {
    const candidate = presetPeriod(preset, today)
    if (candidate.from === period.from && candidate.to === period.to) return preset
  }
  return 'custom'
}

/** A calendar month as the sell-through API writes it ("2026-11"), `offset` months from today's. */
export function monthKey(today: Date, offset = 0): string {
  return monthPeriod(today, offset).from.slice(0, 7)
}

/** The last `count` months, this one first: the months a dealer may report or a supplier analyse. */
export function recentMonths(today: Date, count: number): string[] {
  return Array.from({ length: count }, (_, index) => monthKey(today, -index))
}
