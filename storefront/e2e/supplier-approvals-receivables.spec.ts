import { expect, test } from '@playwright/test'
import { api, DEMO, screenshot, signIn } from './support'
import { tableRow, tokenOf } from './supplier-approvals-support'

const AGING = `query { receivablesAging { balance { amount } total { overdue { amount } }
  customers(first: 50) { totalCount nodes { balance { amount } customerAccount { id buyer { code } salesRep { email } } } } } }`

interface Aging {
  receivablesAging: {
    balance: { amount: string }
    total: { overdue: { amount: string } }
    customers: { totalCount: number; nodes: { balance: { amount: string }; customerAccount: { id: string; buyer: { code: string }; salesRep: { email: string } | null } }[] }
  }
}

const yuan = (amount: string) => `¥${Number(amount).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`

test('finance sees every owing customer, the most overdue first, with the totals, and opens a statement', async ({ page }, testInfo) => {
  const expected = (await api<Aging>(AGING, {}, await tokenOf(DEMO.finance))).receivablesAging
  expect(expected.customers.totalCount).toBeGreaterThan(0)
  await signIn(page, DEMO.finance, 'supplier')
  await page.goto('/supplier/receivables')
  await expect(page.getByTestId('receivables-balance')).toHaveText(yuan(expected.balance.amount))
  await expect(page.getByTestId('receivables-overdue')).toHaveText(yuan(expected.total.overdue.amount))
  const codes = expected.customers.nodes.map((node) => node.customerAccount.buyer.code)
  await expect(page.getByTestId('receivable-row')).toHaveCount(codes.length)
  expect(await page.getByTestId('receivable-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-customer')))).toEqual(codes)
  const first = expected.customers.nodes[0]!
  await expect(tableRow(page, 'receivable-row', 'data-customer', first.customerAccount.buyer.code).getByTestId('receivable-balance')).toHaveText(
    yuan(first.balance.amount),
  )
  await screenshot(page, testInfo, 'supplier-receivables')

  await tableRow(page, 'receivable-row', 'data-customer', first.customerAccount.buyer.code).getByTestId('receivable-statement').click()
  await expect(page).toHaveURL(new RegExp(`/supplier/statements\\?account=${encodeURIComponent(first.customerAccount.id)}`))
  await expect(page.getByTestId('statement-closing')).toContainText('¥')
})

for (const rep of ['sales1@huaxin.demo', 'sales2@huaxin.demo']) {
  test(`${rep} sees the receivables of their own customers only`, async ({ page }) => {
    const theirs = (await api<Aging>(AGING, {}, await tokenOf(rep))).receivablesAging
    expect(theirs.customers.nodes.every((node) => node.customerAccount.salesRep?.email === rep)).toBe(true)
    await signIn(page, rep, 'supplier')
    await page.goto('/supplier/receivables')
    await expect(page.getByTestId('receivables-balance')).toHaveText(yuan(theirs.balance.amount))
    await expect(page.getByTestId('receivable-row')).toHaveCount(theirs.customers.nodes.length)
    if (theirs.customers.totalCount === 0) await expect(page.getByText('没有客户欠款。')).toBeVisible()
    await expect(page.getByTestId('receivables-rep')).toHaveCount(0)
  })
}

test("the reps' receivables and the unassigned customers' together are everyone's", async () => {
  const everyone = (await api<Aging>(AGING, {}, await tokenOf(DEMO.finance))).receivablesAging
  let seen = everyone.customers.nodes.filter((node) => node.customerAccount.salesRep === null).length
  for (const rep of ['sales1@huaxin.demo', 'sales2@huaxin.demo']) {
    seen += (await api<Aging>(AGING, {}, await tokenOf(rep))).receivablesAging.customers.totalCount
  }
  expect(seen).toBe(everyone.customers.totalCount)
})
