import { describe, expect, it } from 'vitest'
import { downloadName, statementExportUrl } from './statementDownload'

const period = { from: '2026-11-01', to: '2026-11-30' }

describe('statement download', () => {
  it('asks the export route for the account and period', () => {
    expect(statementExportUrl('Q3VzdG9tZXJBY2NvdW50OjI=', period, 'xlsx')).toBe(
      '/exports/statements/Q3VzdG9tZXJBY2NvdW50OjI%3D.xlsx?from=2026-11-01&to=2026-11-30',
    )
  })

  it("saves under the server's suggested name", () => {
    expect(downloadName('attachment; filename="statement-2-2026-11-01-2026-11-30.xlsx"', period, 'xlsx')).toBe(
      'statement-2-2026-11-01-2026-11-30.xlsx',
    )
    expect(downloadName("attachment; filename*=UTF-8''%E5%AF%B9%E8%B4%A6%E5%8D%95.csv", period, 'csv')).toBe('对账单.csv')
  })

  it('makes a name from the period when the server gives none', () => {
    expect(downloadName(null, period, 'csv')).toBe('statement-2026-11-01-2026-11-30.csv')
  })
})
