import { readFileSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { api, DEMO, screenshot, signIn } from './support'

const ACCOUNT = 'Q3VzdG9tZXJBY2NvdW50OjI' // dealer-b's account at Huaxin (demo data)

function yuan(amount: string): string {
  return new Intl.NumberFormat('zh-CN', { style: 'currency', currency: 'CNY', currencyDisplay: 'narrowSymbol' }).format(Number(amount))
}

/** A past day no other run answered: each period is confirmed or disputed once, for good. */
function freshDay(): string {
  const daysBack = 400 + Math.floor(Math.random() * 2500)
  const day = new Date(Date.now() - daysBack * 86_400_000)
  return day.toISOString().slice(0, 10)
}

test("this month's statement shows its entries and balances, downloads as .xlsx and can be confirmed", async ({ page }, testInfo) => {
  const buyer = await signIn(page, DEMO.buyerB)
  await page.goto('/statements')
  await expect(page.getByTestId('statement-preset-thisMonth')).toHaveClass(/van-button--primary/)
  await expect(page.getByTestId('statement-entry').first()).toBeVisible()

  const range = await page.evaluate(() => {
    const now = new Date()
    const pad = (n: number) => String(n).padStart(2, '0')
    const last = new Date(now.getFullYear(), now.getMonth() + 1, 0)
    return { from: `${now.getFullYear()}-${pad(now.getMonth() + 1)}-01`, to: `${last.getFullYear()}-${pad(last.getMonth() + 1)}-${pad(last.getDate())}` }
  })
  const expected = await api<{ statement: { entryCount: number; openingBalance: { amount: string }; closingBalance: { amount: string } } }>(
    `query ($a: ID!, $from: Date!, $to: Date!) { statement(customerAccountId: $a, from: $from, to: $to) { entryCount openingBalance { amount } closingBalance { amount } } }`,
    { a: ACCOUNT, ...range },
    buyer.token,
  )
  await expect(page.getByTestId('statement-entry')).toHaveCount(Math.min(expected.statement.entryCount, 100))
  await expect(page.getByTestId('statement-opening')).toHaveText(yuan(expected.statement.openingBalance.amount))
  await expect(page.getByTestId('statement-closing')).toHaveText(yuan(expected.statement.closingBalance.amount))
  await screenshot(page, testInfo, 'statement')

  const downloadPromise = page.waitForEvent('download')
  await page.getByTestId('statement-download').click()
  const download = await downloadPromise
  expect(download.suggestedFilename()).toMatch(new RegExp(`^statement-.*-${range.from}-${range.to}\\.xlsx$`))
  const bytes = readFileSync((await download.path()) ?? '')
  expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK')

  // This month may have been answered by an earlier run against the same server: confirm a fresh day instead.
  const day = freshDay()
  await page.goto(`/statements?from=${day}&to=${day}`)
  await expect(page.getByTestId('statement-preset-custom')).toHaveClass(/van-button--primary/)
  await page.getByTestId('statement-confirm').click()
  await page.locator('.van-dialog__confirm').click()
  await expect(page.getByTestId('statement-decision')).toHaveAttribute('data-decision', 'CONFIRMED')
  await expect(page.getByTestId('statement-confirm')).toHaveCount(0)
})

test('a buyer disputes a statement with a reason, which it must give', async ({ page }) => {
  await signIn(page, DEMO.buyerB)
  await page.goto('/statements')
  await page.getByTestId('statement-preset-lastMonth').click()
  await expect(page.getByTestId('statement-preset-lastMonth')).toHaveClass(/van-button--primary/)
  await expect(page).toHaveURL(/from=\d{4}-\d{2}-01&to=/)

  const day = freshDay()
  await page.goto(`/statements?from=${day}&to=${day}`)
  await page.getByTestId('statement-dispute').click()
  await page.getByTestId('statement-dispute-submit').click()
  await expect(page.getByTestId('statement-dispute-reason').locator('.van-field__error-message')).toBeVisible()
  await page.getByTestId('statement-dispute-reason').locator('textarea').fill('少了一笔 3 月 2 日的付款')
  await page.getByTestId('statement-dispute-submit').click()
  await expect(page.getByTestId('statement-decision')).toHaveAttribute('data-decision', 'DISPUTED')
  await expect(page.getByTestId('statement-response')).toContainText('少了一笔 3 月 2 日的付款')
  await expect(page.getByTestId('statement-dispute')).toHaveCount(0)
})
