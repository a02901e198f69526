import { describe, expect, it } from 'vitest'
import { subjectRoute } from './subjects'

describe('subjectRoute', () => {
  it('leads to the order, the payments or the statement', () => {
    expect(subjectRoute({ kind: 'ORDER_APPROVED', subjectId: 'T3JkZXI6MQ==' })).toBe('/orders/T3JkZXI6MQ%3D%3D')
    expect(subjectRoute({ kind: 'ORDER_SHIPPED', subjectId: 'abc' })).toBe('/orders/abc')
    expect(subjectRoute({ kind: 'PAYMENT_CONFIRMED', subjectId: 'abc' })).toBe('/payments')
    expect(subjectRoute({ kind: 'STATEMENT_READY', subjectId: 'abc' })).toBe('/statements')
    expect(subjectRoute({ kind: 'ANNOUNCEMENT', subjectId: 'QW46MQ==' })).toBe('/notices/QW46MQ%3D%3D')
    expect(subjectRoute({ kind: 'SERVICE_MESSAGE', subjectId: 'abc' })).toBe('/service/abc')
  })

  it('has no page for what a buyer has no page of', () => {
    expect(subjectRoute({ kind: 'STOCK_LOW', subjectId: 'abc' })).toBeNull()
  })
})
