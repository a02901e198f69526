// The approver's checks of one order (stock, credit headroom, prepaid balance, cut-off), each as
// pass/fail with the figure behind it. The server computes every figure and, in termsProblem, says
// whether the order's payment method can carry it; here we only say which check that verdict is.
import type { MoneyValue } from '@/shared/format'

export type CheckKind = 'stock' | 'credit' | 'prepaid' | 'cutoff'

export interface ApprovalChecksData {
  stockSufficient: boolean
  lines: readonly { sku: string; name: string; quantity: number; held: number; available: number }[]
  creditLimit: MoneyValue
  creditHeadroom: MoneyValue
  prepaidBalance: MoneyValue
  termsProblem: string | null
  cutoffAt: string | null
  cutoffPassed: boolean
}

export type CheckFigure =
  | { kind: 'units'; held: number; ordered: number; shortSkus: string[] }
  | { kind: 'headroom'; headroom: MoneyValue; limit: MoneyValue }
  | { kind: 'money'; value: MoneyValue }
  | { kind: 'cutoff'; at: string | null }

export interface CheckResult {
  kind: CheckKind
  pass: boolean
  figure: CheckFigure
  /** The server's own words when the payment method cannot carry the order. */
  problem: string | null
}

/** The checks in the order the approver reads them. */
export function approvalChecks(checks: ApprovalChecksData, paymentMethod: string): CheckResult[] {
  const shortLines = checks.lines.filter((line) => line.held < line.quantity)
  const termsFail = (method: string) => checks.termsProblem !== null && paymentMethod === method
  return [
    {
      kind: 'stock',
      pass: checks.stockSufficient,
      figure: {
        kind: 'units',
        held: checks.lines.reduce((sum, line) => sum + line.held, 0),
        ordered: checks.lines.reduce((sum, line) => sum + line.quantity, 0),
        shortSkus: shortLines.map((line) => line.sku),
      },
      problem: null,
    },
    {
      kind: 'credit',
      pass: !termsFail('ON_ACCOUNT'),
      figure: { kind: 'headroom', headroom: checks.creditHeadroom, limit: checks.creditLimit },
      problem: termsFail('ON_ACCOUNT') ? checks.termsProblem : null,
    },
    {
      kind: 'prepaid',
      pass: !termsFail('PREPAID_BALANCE'),
      figure: { kind: 'money', value: checks.prepaidBalance },
      problem: termsFail('PREPAID_BALANCE') ? checks.termsProblem : null,
    },
    { kind: 'cutoff', pass: !checks.cutoffPassed, figure: { kind: 'cutoff', at: checks.cutoffAt }, problem: null },
  ]
}
