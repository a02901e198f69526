import { describe, expect, it } from 'vitest'
import { reportExportUrl, shortcutPeriod } from './period'

describe('analytics periods', () => {
  const today = new Date(2026, 2, 3, 15, 0)

  it('counts the shortcuts back from today, today included', () => {
    expect(shortcutPeriod('last7', today)).toEqual({ from: '2026-02-25', to: '2026-03-03' })
    expect(shortcutPeriod('last30', today)).toEqual({ from: '2026-02-02', to: '2026-03-03' })
    expect(shortcutPeriod('last90', today)).toEqual({ from: '2025-12-04', to: '2026-03-03' })
    expect(shortcutPeriod('thisMonth', today)).toEqual({ from: '2026-03-01', to: '2026-03-03' })
    expect(shortcutPeriod('thisYear', today)).toEqual({ from: '2026-01-01', to: '2026-03-03' })
  })

  it('addresses each view export with its options', () => {
    expect(reportExportUrl('breakdown', { from: '2026-03-01', to: '2026-03-31' }, { dimension: 'TIER' })).toBe(
      '/exports/reports/breakdown.xlsx?from=2026-03-01&to=2026-03-31&dimension=TIER',
    )
  })
})
