import { expect, test } from '@playwright/test'
import { api, DEMO, login, screenshot, signIn, untilServerListens } from './support'


async function confirmPayment(number: string) {
  const finance = await login(DEMO.finance)
  const found = await api<{ payments: { nodes: { id: string; number: string }[] } }>(
    `query ($search: String!) { payments(first: 5, filter: { search: $search }) { nodes { id number } } }`,
    { search: number },
    finance.token,
  )
  const payment = found.payments.nodes.find((node) => node.number === number)
  expect(payment, `payment ${number} seen by finance`).toBeTruthy()
  const confirmed = await api<{ paymentConfirm: { payment: { status: string } | null; userErrors: unknown[] } }>(
    `mutation ($id: ID!) { paymentConfirm(input: { paymentId: $id }) { payment { status } userErrors { code message } } }`,
    { id: payment?.id },
    finance.token,
  )
  expect(confirmed.paymentConfirm.userErrors).toEqual([])
}

test('a buyer records a payment, sees it wait, and sees it confirmed live when finance confirms it', async ({ page }, testInfo) => {
  await signIn(page, DEMO.buyerB)
  await page.goto('/payments')
  await expect(page.getByTestId('account-balance')).toContainText('¥50,000.00')
  await expect(page.getByTestId('payment-item').first()).toBeVisible()
  await page.getByTestId('payment-new').click()
  await expect(page).toHaveURL(/\/payments\/new$/)

  const form = page.getByTestId('payment-form')
  await expect(form).toBeVisible()
  await page.getByTestId('payment-amount').locator('input').fill('12.345')
  await page.getByTestId('payment-submit').click()
  await expect(page.getByTestId('payment-amount')).toContainText('金额最多两位小数')

  const reference = `E2E-${Date.now()}`
  await page.getByTestId('payment-amount').locator('input').fill('1,234.5')
  await page.getByTestId('payment-method').getByText('银行转账').click()
  await page.getByTestId('payment-reference').locator('input').fill(reference)
  await screenshot(page, testInfo, 'payment-new')
  await page.getByTestId('payment-submit').click()

  await expect(page).toHaveURL(/\/payments\?recorded=PM-/)
  const number = new URL(page.url()).searchParams.get('recorded') ?? ''
  const item = page.getByTestId('payment-item').filter({ hasText: number })
  await expect(item).toHaveAttribute('data-status', 'RECORDED')
  await expect(item).toContainText('¥1,234.50')
  await expect(item).toContainText(reference)
  await expect(item).toContainText('待确认')
  await expect(page.getByTestId('payment-waiting')).toContainText(number)
  await screenshot(page, testInfo, 'payments')

  await untilServerListens(1)
  await confirmPayment(number)
  await expect(item).toHaveAttribute('data-status', 'CONFIRMED', { timeout: 15_000 })
  await expect(item).toContainText('已确认')
})

test('a payment for an order defaults to its total and shows an over-payment next to the amount', async ({ page }) => {
  const buyer = await signIn(page, DEMO.buyerB)
  const supplierId = 'T3JnYW5pemF0aW9uOjE'
  await api(`mutation ($s: ID!) { cartClear(input: { supplierId: $s }) { userErrors { code } } }`, { s: supplierId }, buyer.token)
  await api(
    `mutation ($s: ID!) { cartAddLines(input: { supplierId: $s, lines: [{ variantId: "VmFyaWFudDo3Nw", quantity: 1 }] }) { userErrors { code } } }`,
    { s: supplierId },
    buyer.token,
  )
  const placed = await api<{ checkout: { order: { id: string; number: string; total: { amount: string } } } }>(
    `mutation ($s: ID!, $k: String!) { checkout(input: { supplierId: $s, idempotencyKey: $k }) { order { id number total { amount } } userErrors { code message } } }`,
    { s: supplierId, k: `money-e2e-${Date.now()}` },
    buyer.token,
  )
  const order = placed.checkout.order

  await page.goto(`/payments/new?orderId=${encodeURIComponent(order.id)}`)
  await expect(page.getByTestId('payment-order')).toContainText(order.number)
  await expect(page.getByTestId('payment-amount').locator('input')).toHaveValue(order.total.amount)
  await page.getByTestId('payment-amount').locator('input').fill(String(Number(order.total.amount) + 1000))
  await page.getByTestId('payment-submit').click()
  // OVER_ALLOCATED on allocations.0.amount: shown under the amount, the one field the buyer typed.
  await expect(page.getByTestId('payment-amount').locator('.van-field__error-message')).toBeVisible()
  await expect(page).toHaveURL(/\/payments\/new/)

  await page.getByTestId('payment-amount').locator('input').fill(order.total.amount)
  await page.getByTestId('payment-submit').click()
  await expect(page).toHaveURL(/\/payments\?recorded=PM-/)
  const number = new URL(page.url()).searchParams.get('recorded') ?? ''
  const item = page.getByTestId('payment-item').filter({ hasText: number })
  await expect(item.getByTestId('payment-order')).toHaveText(order.number)
})
