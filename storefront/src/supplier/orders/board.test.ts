import { describe, expect, it } from 'vitest'
import { apiFilter, countNew, EMPTY_FILTER, isLaterEvent, matchesFilter, mergeOrder, newestPlacement, type BoardOrder } from './board'

function order(id: string, createdAt: string, extra: Partial<BoardOrder> = {}): BoardOrder {
  return { id, number: `SO-${id}`, status: 'PENDING_APPROVAL', createdAt, customerAccount: { id: 'A' }, ...extra }
}

describe('mergeOrder', () => {
  const older = order('1', '2026-12-01T08:00:00Z')
  const newer = order('2', '2026-12-02T08:00:00Z')

  it('inserts a new order newest first', () => {
    const merged = mergeOrder([older], newer, EMPTY_FILTER)
    expect(merged.inserted).toBe(true)
    expect(merged.rows.map((row) => row.id)).toEqual(['2', '1'])
  })

  it('replaces a known order in place', () => {
    const merged = mergeOrder([newer, older], { ...older, status: 'APPROVED' }, EMPTY_FILTER)
    expect(merged.inserted).toBe(false)
    expect(merged.rows.map((row) => [row.id, row.status])).toEqual([
      ['2', 'PENDING_APPROVAL'],
      ['1', 'APPROVED'],
    ])
  })

  it('takes an order off when it no longer matches the filter', () => {
    const filter = { ...EMPTY_FILTER, status: ['PENDING_APPROVAL' as const] }
    const merged = mergeOrder([newer, older], { ...older, status: 'APPROVED' }, filter)
    expect(merged.rows.map((row) => row.id)).toEqual(['2'])
    expect(merged.inserted).toBe(false)
  })
})

describe('matchesFilter', () => {
  const placed = order('7', '2026-12-02T08:00:00', { poNumber: 'PO-778', customerAccount: { id: 'B', salesRep: { id: 'R2' } } })
  it('matches the customer, the sales rep, the days and the search on number or PO', () => {
    expect(matchesFilter(placed, { ...EMPTY_FILTER, salesRepId: 'R1' })).toBe(false)
    expect(matchesFilter(placed, { ...EMPTY_FILTER, salesRepId: 'R2' })).toBe(true)
    expect(matchesFilter(order('8', '2026-12-02T08:00:00'), { ...EMPTY_FILTER, salesRepId: 'R2' })).toBe(false)
    expect(matchesFilter(placed, { ...EMPTY_FILTER, customerAccountId: 'A' })).toBe(false)
    expect(matchesFilter(placed, { ...EMPTY_FILTER, customerAccountId: 'B' })).toBe(true)
    expect(matchesFilter(placed, { ...EMPTY_FILTER, createdFrom: '2026-12-02', createdTo: '2026-12-02' })).toBe(true)
    expect(matchesFilter(placed, { ...EMPTY_FILTER, createdFrom: '2026-12-03' })).toBe(false)
    expect(matchesFilter(placed, { ...EMPTY_FILTER, createdTo: '2026-12-01' })).toBe(false)
    expect(matchesFilter(placed, { ...EMPTY_FILTER, search: 'po-77' })).toBe(true)
    expect(matchesFilter(placed, { ...EMPTY_FILTER, search: 'so-7' })).toBe(true)
    expect(matchesFilter(placed, { ...EMPTY_FILTER, search: 'x' })).toBe(false)
  })
})

describe('apiFilter', () => {
  it('sends only what the user set, always the sales side', () => {
    expect(apiFilter(EMPTY_FILTER)).toEqual({ side: 'SALES' })
    expect(apiFilter({ status: ['APPROVED'], customerAccountId: 'A', salesRepId: 'R1', createdFrom: '2026-12-01', createdTo: null, search: ' SO ' })).toEqual({
      side: 'SALES',
      status: ['APPROVED'],
      customerAccountId: 'A',
      salesRepId: 'R1',
      createdFrom: '2026-12-01',
      search: 'SO',
    })
  })
})

describe('isLaterEvent', () => {
  it('compares numeric ids as numbers', () => {
    expect(isLaterEvent('10', '9')).toBe(true)
    expect(isLaterEvent('9', '10')).toBe(false)
    expect(isLaterEvent('9', '9')).toBe(false)
    expect(isLaterEvent('1', null)).toBe(true)
  })
  it('compares other ids by length then text', () => {
    expect(isLaterEvent('b10', 'b9')).toBe(true)
    expect(isLaterEvent('b2', 'b1')).toBe(true)
  })
})

describe('new orders since the user looked', () => {
  const rows = [order('1', '2026-12-01T08:00:00Z'), order('2', '2026-12-02T08:00:00Z'), order('3', '2026-12-03T08:00:00Z')]
  it('counts the orders placed after the last look', () => {
    expect(countNew(rows, '2026-12-01T08:00:00Z')).toBe(2)
    expect(countNew(rows, newestPlacement(rows))).toBe(0)
    expect(countNew(rows, null)).toBe(0)
    expect(newestPlacement([])).toBeNull()
  })
})
