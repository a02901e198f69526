import { describe, expect, it } from 'vitest'
import { buildTimeline, reasonOf, type HistoryRow } from './timeline'

const row = (values: Partial<HistoryRow>): HistoryRow => ({
  track: 'STATUS',
  fromValue: null,
  toValue: 'PENDING_APPROVAL',
  reason: null,
  userName: '周强',
  at: '2026-12-03T06:00:00+00:00',
  ...values,
})

describe('buildTimeline', () => {
  it('tells placing, status moves, edits, payment and fulfilment apart, newest first', () => {
    const entries = buildTimeline([
      row({ reason: 'placed' }),
      row({ fromValue: 'PENDING_APPROVAL', toValue: 'PENDING_APPROVAL', reason: 'edited', at: '2026-12-03T06:01:00+00:00' }),
      row({ fromValue: 'PENDING_APPROVAL', toValue: 'APPROVED', reason: 'approved', at: '2026-12-03T06:02:00+00:00' }),
      row({ track: 'FULFILMENT', fromValue: 'UNFULFILLED', toValue: 'FULFILLED', reason: 'shipment DO-2026-000003', at: '2026-12-03T06:03:00+00:00' }),
      row({ track: 'PAYMENT', fromValue: 'UNPAID', toValue: 'PAID', at: '2026-12-03T06:04:00+00:00' }),
    ])
    expect(entries.map((entry) => entry.kind)).toEqual(['payment', 'fulfilment', 'status', 'edited', 'placed'])
    expect(entries[2]).toMatchObject({ from: 'PENDING_APPROVAL', to: 'APPROVED', reason: { code: 'approved' }, who: '周强' })
    expect(entries[1]?.reason).toEqual({ code: 'shipment', text: 'DO-2026-000003' })
    expect(entries[4]?.reason).toBeNull()
  })

  it('keeps rows of the same instant in the server order, reversed', () => {
    const at = '2026-12-03T06:00:00+00:00'
    const entries = buildTimeline([
      row({ fromValue: 'APPROVED', toValue: 'SHIPPED', at }),
      row({ track: 'FULFILMENT', fromValue: 'UNFULFILLED', toValue: 'FULFILLED', at }),
    ])
    expect(entries.map((entry) => entry.kind)).toEqual(['fulfilment', 'status'])
    expect(new Set(entries.map((entry) => entry.key)).size).toBe(2)
  })

  it('compares instants, not their text', () => {
    const entries = buildTimeline([
      row({ reason: 'placed', at: '2026-12-03T14:00:00+08:00' }),
      row({ fromValue: 'PENDING_APPROVAL', toValue: 'CANCELLED', at: '2026-12-03T06:30:00+00:00' }),
    ])
    expect(entries.map((entry) => entry.kind)).toEqual(['status', 'placed'])
  })
})

describe('reasonOf', () => {
  it('turns the server codes into keys and keeps people’s words', () => {
    expect(reasonOf('all shipments received')).toEqual({ code: 'received', text: '' })
    expect(reasonOf('edited by the supplier: 缺货 out of stock')).toEqual({ code: 'supplierEdit', text: '缺货 out of stock' })
    expect(reasonOf('edited by the supplier')).toEqual({ code: 'supplierEdit', text: '' })
    expect(reasonOf('重复下单')).toEqual({ code: null, text: '重复下单' })
    expect(reasonOf('  ')).toBeNull()
    expect(reasonOf(null)).toBeNull()
  })
})
