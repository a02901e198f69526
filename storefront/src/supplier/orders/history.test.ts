import { describe, expect, it } from 'vitest'
import { historyReason } from './history'

describe('historyReason', () => {
  it('names the reasons the server writes itself', () => {
    expect(historyReason('placed')).toEqual({ key: 'placed', text: '' })
    expect(historyReason('approved')).toEqual({ key: 'approved', text: '' })
    expect(historyReason('all shipments received')).toEqual({ key: 'received', text: '' })
    expect(historyReason('shipment DO-2026-000005')).toEqual({ key: 'shipment', text: 'DO-2026-000005' })
    expect(historyReason('edited by the supplier: 缺货')).toEqual({ key: 'supplierEdit', text: '缺货' })
  })
  it('keeps a person’s reason as written', () => {
    expect(historyReason('客户要求取消')).toEqual({ key: null, text: '客户要求取消' })
    expect(historyReason('  ')).toBeNull()
    expect(historyReason(null)).toBeNull()
  })
})
