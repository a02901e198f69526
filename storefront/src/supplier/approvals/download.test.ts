import { describe, expect, it } from 'vitest'
import { downloadName, statementExportUrl } from './download'

const period = { from: '2026-12-01', to: '2026-12-31' }

describe('statement export', () => {
  it('asks for the account and period as xlsx', () => {
    expect(statementExportUrl('Q3VzdG9tZXJBY2NvdW50OjE=', period)).toBe('/exports/statements/Q3VzdG9tZXJBY2NvdW50OjE%3D.xlsx?from=2026-12-01&to=2026-12-31')
  })

  it("takes the server's file name, the encoded one first", () => {
    expect(downloadName(`attachment; filename="s.xlsx"; filename*=UTF-8''%E5%AF%B9%E8%B4%A6.xlsx`, period)).toBe('对账.xlsx')
    expect(downloadName('attachment; filename="s.xlsx"', period)).toBe('s.xlsx')
    expect(downloadName(null, period)).toBe('statement-2026-12-01-2026-12-31.xlsx')
  })
})
