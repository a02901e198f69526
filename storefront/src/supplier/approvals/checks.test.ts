import { describe, expect, it } from 'vitest'
import { approvalChecks, type ApprovalChecksData } from './checks'

const yuan = (amount: string) => ({ amount, currency: 'CNY' })
const base: ApprovalChecksData = {
  stockSufficient: true,
  lines: [
    { sku: 'A', name: 'a', quantity: 3, held: 3, available: 10 },
    { sku: 'B', name: 'b', quantity: 2, held: 2, available: 5 },
  ],
  creditLimit: yuan('200000.00'),
  creditHeadroom: yuan('150000.00'),
  prepaidBalance: yuan('0.00'),
  termsProblem: null,
  cutoffAt: null,
  cutoffPassed: false,
}

describe('approvalChecks', () => {
  it('passes every check of an order the server finds no problem with', () => {
    const results = approvalChecks(base, 'BANK_TRANSFER')
    expect(results.map((r) => [r.kind, r.pass])).toEqual([
      ['stock', true],
      ['credit', true],
      ['prepaid', true],
      ['cutoff', true],
    ])
    expect(results[0]!.figure).toEqual({ kind: 'units', held: 5, ordered: 5, shortSkus: [] })
  })

  it('fails stock with the lines not fully held', () => {
    const checks = { ...base, stockSufficient: false, lines: [{ sku: 'A', name: 'a', quantity: 3, held: 1, available: 0 }] }
    const [stock] = approvalChecks(checks, 'BANK_TRANSFER')
    expect(stock).toMatchObject({ pass: false, figure: { held: 1, ordered: 3, shortSkus: ['A'] } })
  })

  it("puts the server's terms problem on the check of the order's payment method", () => {
    const problem = 'This order exceeds your credit limit by ¥100.00.'
    const onAccount = approvalChecks({ ...base, termsProblem: problem }, 'ON_ACCOUNT')
    expect(onAccount.find((r) => r.kind === 'credit')).toMatchObject({ pass: false, problem })
    expect(onAccount.find((r) => r.kind === 'prepaid')?.pass).toBe(true)
    const prepaid = approvalChecks({ ...base, termsProblem: 'top up' }, 'PREPAID_BALANCE')
    expect(prepaid.find((r) => r.kind === 'prepaid')).toMatchObject({ pass: false, problem: 'top up' })
    expect(prepaid.find((r) => r.kind === 'credit')?.pass).toBe(true)
  })

  it('fails the cut-off once it has passed', () => {
    const results = approvalChecks({ ...base, cutoffAt: '2026-12-01T10:00:00Z', cutoffPassed: true }, 'BANK_TRANSFER')
    expect(results.at(-1)).toMatchObject({ kind: 'cutoff', pass: false, figure: { kind: 'cutoff', at: '2026-12-01T10:00:00Z' } })
  })
})
