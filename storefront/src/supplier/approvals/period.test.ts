import { describe, expect, it } from 'vitest'
import { dayDate, lastMonthsPeriod, monthPeriod, periodFromQuery } from './period'

describe('periods', () => {
  const today = new Date(2026, 11, 3) // 3 December 2026, local time

  it('spans whole calendar months', () => {
    expect(monthPeriod(today)).toEqual({ from: '2026-12-01', to: '2026-12-31' })
    expect(monthPeriod(today, -1)).toEqual({ from: '2026-11-01', to: '2026-11-30' })
    expect(monthPeriod(new Date(2026, 2, 31), -1)).toEqual({ from: '2026-02-01', to: '2026-02-28' })
    expect(lastMonthsPeriod(today, 3)).toEqual({ from: '2026-10-01', to: '2026-12-31' })
    expect(lastMonthsPeriod(new Date(2027, 0, 15), 3)).toEqual({ from: '2026-11-01', to: '2027-01-31' })
  })

  it('reads a period from the query only when both days are well formed and in order', () => {
    expect(periodFromQuery('2026-11-01', '2026-11-30')).toEqual({ from: '2026-11-01', to: '2026-11-30' })
    expect(periodFromQuery('2026-11-30', '2026-11-01')).toBeNull()
    expect(periodFromQuery('2026-11', '2026-11-30')).toBeNull()
    expect(periodFromQuery(undefined, '2026-11-30')).toBeNull()
  })

  it('turns a day into local midnight', () => {
    const date = dayDate('2026-02-28')
    expect([date.getFullYear(), date.getMonth(), date.getDate(), date.getHours()]).toEqual([2026, 1, 28, 0])
  })
})
