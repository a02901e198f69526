// The analytics period: calendar days, the last 30 by default, with the picker's shortcuts, and the
// Excel export's address (GET /exports/reports/{view}.xlsx, the same figures as the API).
import { dayOf, isoDate, type Period } from '@/shared/period'

export type ShortcutKey = 'last7' | 'last30' | 'last90' | 'thisMonth' | 'thisYear'
export const SHORTCUTS: readonly ShortcutKey[] = ['last7', 'last30', 'last90', 'thisMonth', 'thisYear']

/** The period a shortcut names, counted from the reader's calendar day `today` (today included). */
export function shortcutPeriod(key: ShortcutKey, today: Date): Period {
  const to = dayOf(today)
  const y = today.getFullYear()
  const m = today.getMonth()
  const d = today.getDate()
  switch (key) {
    case 'last7':
      return { from: isoDate(y, m, d - 6), to }
    case 'last30':
      return { from: isoDate(y, m, d - 29), to }
    case 'last90':
      return { from: isoDate(y, m, d - 89), to }
    case 'thisMonth':
      return { from: isoDate(y, m, 1), to }
    case 'thisYear':
      return { from: isoDate(y, 0, 1), to }
  }
}

export type ReportView = 'overview' | 'breakdown' | 'products' | 'customers'

export function reportExportUrl(view: ReportView, period: Period, options: Record<string, string> = {}): string {
  const query = new URLSearchParams({ from: period.from, to: period.to, ...options })
  return `/exports/reports/${view}.xlsx?${query.toString()}`
}
