import { describe, expect, it } from 'vitest'
import { ORDER_TABS, parseTab, statusesOfTab, statusTagType, tabOfStatus, type OrderStatus } from './status'

const ALL: OrderStatus[] = ['PENDING_APPROVAL', 'APPROVED', 'PARTIALLY_SHIPPED', 'SHIPPED', 'COMPLETED', 'REJECTED', 'CANCELLED']

describe('order status tabs', () => {
  it('lists every order under "all"', () => {
    expect(statusesOfTab('all')).toBeNull()
  })

  it('puts partly shipped orders with the shipped ones and rejected with the cancelled', () => {
    expect(statusesOfTab('shipped')).toEqual(['PARTIALLY_SHIPPED', 'SHIPPED'])
    expect(statusesOfTab('closed')).toEqual(['CANCELLED', 'REJECTED'])
    expect(tabOfStatus('PARTIALLY_SHIPPED')).toBe('shipped')
    expect(tabOfStatus('REJECTED')).toBe('closed')
  })

  it('gives every status exactly one tab besides "all"', () => {
    for (const status of ALL) {
      const tabs = ORDER_TABS.filter((tab) => statusesOfTab(tab)?.includes(status))
      expect(tabs).toEqual([tabOfStatus(status)])
    }
  })

  it('reads the tab from the URL and falls back to "all"', () => {
    expect(parseTab('pending')).toBe('pending')
    expect(parseTab('nonsense')).toBe('all')
    expect(parseTab(undefined)).toBe('all')
    expect(parseTab(['pending'])).toBe('all')
  })

  it('colours the tags by how the order stands', () => {
    expect(statusTagType('PENDING_APPROVAL')).toBe('warning')
    expect(statusTagType('COMPLETED')).toBe('success')
    expect(statusTagType('REJECTED')).toBe('danger')
    expect(statusTagType('CANCELLED')).toBe('default')
  })
})
