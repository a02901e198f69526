import { describe, expect, it } from 'vitest'
import { assignmentParts, priceListDraftOf, priceListInput } from './priceList'

const record = {
  id: 'L1',
  name: 'A级客户 90%',
  kind: 'RATE' as const,
  rate: '0.90',
  priority: 5,
  validFrom: '2026-12-01T00:00:00+00:00',
  validUntil: null,
  customerAccountIds: ['CA1'],
  tiers: ['A'],
  customerGroups: [],
  regions: ['华东'],
}

describe('a price list read back for editing', () => {
  it('sends back what it read', () => {
    const draft = priceListDraftOf(record)
    expect(draft.ratePercent).toBe('90')
    expect(priceListInput(draft, '0.90')).toEqual({
      name: 'A级客户 90%',
      kind: 'RATE',
      rate: '0.90',
      priority: 5,
      validFrom: '2026-12-01T00:00:00.000Z',
      validUntil: null,
      customerAccountIds: ['CA1'],
      tiers: ['A'],
      customerGroups: [],
      regions: ['华东'],
    })
  })

  it('sends no rate for a fixed list', () => {
    expect(priceListInput({ ...priceListDraftOf(record), kind: 'FIXED' }, '0.90').rate).toBeNull()
  })

  it('names whom it applies to, an account it cannot name by its id', () => {
    const names: Record<string, string> = { CA1: 'Dealer A' }
    const labels = { tier: '等级', group: '分组', region: '地区' }
    expect(assignmentParts({ ...record, customerAccountIds: ['CA1', 'CA9'], customerGroups: ['KA'] }, (id) => names[id], labels)).toEqual(['Dealer A', 'CA9', '等级 A', '分组 KA', '地区 华东'])
  })
})
