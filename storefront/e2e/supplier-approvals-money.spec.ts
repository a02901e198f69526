import { readFileSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { api, DEMO, screenshot, signIn } from './support'
import { accountOf, paymentStatus, recordPayment, tableRow, tokenOf } from './supplier-approvals-support'

test('finance confirms a payment a buyer recorded', async ({ page }, testInfo) => {
  const payment = await recordPayment(DEMO.buyerB, '1234.56')
  await signIn(page, DEMO.finance, 'supplier')
  await page.goto('/supplier/payments')
  const row = tableRow(page, 'payment-row', 'data-payment-id', payment.id)
  await expect(row).toBeVisible()
  await expect(row).toContainText(payment.number)
  await expect(row).toContainText('Dealer B')
  await expect(row).toContainText('¥1,234.56')
  await expect(row.getByTestId('payment-reference')).toHaveText(payment.reference)
  await screenshot(page, testInfo, 'supplier-payments')

  await row.getByTestId('payment-confirm').click()
  await page.locator('.payment-confirm-box .el-button--primary').click()
  await expect(row).toHaveCount(0)
  await expect.poll(() => paymentStatus(payment.reference)).toBe('CONFIRMED')

  await page.getByTestId('payment-status-CONFIRMED').click()
  await expect(row.getByTestId('payment-status')).toHaveText('已确认')
})

/** A past day no other run answered: each period is confirmed or disputed once, for good. */
function freshDay(): string {
  const daysBack = 400 + Math.floor(Math.random() * 2500)
  return new Date(Date.now() - daysBack * 86_400_000).toISOString().slice(0, 10)
}

test("dealer-a's statement for this month shows its entries, exports to Excel, and a dispute is answered", async ({ page }, testInfo) => {
  await signIn(page, DEMO.finance, 'supplier')
  await page.goto('/supplier/statements')
  await page.getByTestId('statement-customer').click()
  await page.locator('[data-test="statement-customer-dealer-a"]').click()
  await expect(page).toHaveURL(/account=.+&from=\d{4}-\d{2}-01&to=\d{4}-\d{2}-\d{2}/)
  await expect(page.getByTestId('statement-entry').first()).toBeVisible()
  await expect(page.getByTestId('statement-opening')).toContainText('¥')
  await expect(page.getByTestId('statement-closing')).toContainText('¥')
  await screenshot(page, testInfo, 'supplier-statement')

  const downloadPromise = page.waitForEvent('download')
  await page.getByTestId('statement-export').click()
  const download = await downloadPromise
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/)
  const bytes = readFileSync((await download.path()) ?? '')
  expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK')

  // The period picker's shortcut moves the statement to last month.
  await page.getByTestId('statement-range').locator('input').first().click()
  await page.locator('.el-picker-panel__shortcut', { hasText: '上月' }).click()
  await expect(page).toHaveURL(/from=\d{4}-\d{2}-01&to=/)

  // The buyer disputes a period of its own choosing; finance answers it.
  const day = freshDay()
  const account = await accountOf(DEMO.buyerA)
  const disputed = await api(
    `mutation ($input: StatementRespondInput!) { statementDispute(input: $input) { userErrors { code message } } }`,
    { input: { customerAccountId: account, from: day, to: day, comment: '少了一笔付款 a payment is missing' } },
    await tokenOf(DEMO.buyerA),
  )
  expect(disputed.statementDispute.userErrors).toEqual([])
  await page.goto(`/supplier/statements?account=${encodeURIComponent(account)}&from=${day}&to=${day}`)
  const response = page.getByTestId('statement-response')
  await expect(response).toHaveAttribute('data-dispute', 'OPEN')
  await expect(page.getByTestId('statement-dispute-comment')).toHaveText('少了一笔付款 a payment is missing')
  await page.getByTestId('statement-answer-submit').click()
  await expect(page.getByTestId('statement-answer').locator('.el-form-item__error')).toBeVisible()
  await page.getByTestId('statement-answer').locator('textarea').fill('已核对：该笔付款在下月入账')
  await page.getByTestId('statement-answer-submit').click()
  await expect(response).toHaveAttribute('data-dispute', 'ANSWERED')
  await expect(page.getByTestId('statement-answer-text')).toHaveText('已核对：该笔付款在下月入账')
  await expect(page.getByTestId('statement-answer')).toHaveCount(0)
})
