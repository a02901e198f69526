import { describe, expect, it } from 'vitest'
import { dayOf, lastMonthsPeriod, localDate, monthKey, monthPeriod, periodFromQuery, presetOf, presetPeriod, rangePeriod, recentMonths } from './period'

describe('statement periods', () => {
  it('this month runs from its first to its last calendar day', () => {
    expect(presetPeriod('thisMonth', new Date(2026, 11, 3, 23, 59))).toEqual({ from: '2026-12-01', to: '2026-12-31' })
    expect(presetPeriod('thisMonth', new Date(2028, 1, 10))).toEqual({ from: '2028-02-01', to: '2028-02-29' })
  })

  it('last month crosses into the year before in January', () => {
    expect(presetPeriod('lastMonth', new Date(2027, 0, 1, 0, 0))).toEqual({ from: '2026-12-01', to: '2026-12-31' })
    expect(presetPeriod('lastMonth', new Date(2026, 2, 31))).toEqual({ from: '2026-02-01', to: '2026-02-28' })
  })

  it('takes the calendar day the reader sees, not the UTC one', () => {
    // Just after local midnight; in UTC+8 the UTC date is still the day before.
    expect(dayOf(new Date(2026, 10, 1, 0, 5))).toBe('2026-11-01')
  })

  it('a calendar range gives its days earliest first', () => {
    expect(rangePeriod(new Date(2026, 10, 20), new Date(2026, 10, 3))).toEqual({ from: '2026-11-03', to: '2026-11-20' })
    expect(rangePeriod(new Date(2026, 10, 3), new Date(2026, 10, 3))).toEqual({ from: '2026-11-03', to: '2026-11-03' })
  })

  it('reads a day back as local midnight', () => {
    const date = localDate('2026-02-28')
    expect([date.getFullYear(), date.getMonth(), date.getDate(), date.getHours()]).toEqual([2026, 1, 28, 0])
  })
})

describe('periods in the address', () => {
  it('reads ?from=&to= when both are real days in order', () => {
    expect(periodFromQuery('2026-11-01', '2026-11-30')).toEqual({ from: '2026-11-01', to: '2026-11-30' })
    expect(periodFromQuery('2026-11-30', '2026-11-01')).toBeNull()
    expect(periodFromQuery('2026-02-30', '2026-03-01')).toBeNull()
    expect(periodFromQuery('yesterday', '2026-03-01')).toBeNull()
    expect(periodFromQuery(undefined, '2026-03-01')).toBeNull()
  })

  it('names the preset a period is', () => {
    const today = new Date(2026, 11, 3)
    expect(presetOf({ from: '2026-12-01', to: '2026-12-31' }, today)).toBe('thisMonth')
    expect(presetOf({ from: '2026-11-01', to: '2026-11-30' }, today)).toBe('lastMonth')
    expect(presetOf({ from: '2026-11-01', to: '2026-11-29' }, today)).toBe('custom')
  })
})

describe('month periods', () => {
  it('counts whole months back and forth, across a year', () => {
    expect(monthPeriod(new Date(2026, 0, 15), -1)).toEqual({ from: '2025-12-01', to: '2025-12-31' })
    expect(monthPeriod(new Date(2024, 1, 10))).toEqual({ from: '2024-02-01', to: '2024-02-29' })
    expect(lastMonthsPeriod(new Date(2026, 1, 3), 3)).toEqual({ from: '2025-12-01', to: '2026-02-28' })
  })
})

describe('sell-through months', () => {
  it('names months as YYYY-MM, crossing years backwards', () => {
    expect(monthKey(new Date(2027, 0, 15), -1)).toBe('2026-12')
    expect(recentMonths(new Date(2026, 11, 3), 3)).toEqual(['2026-12', '2026-11', '2026-10'])
  })
})
