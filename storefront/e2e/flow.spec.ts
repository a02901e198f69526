// The buyer's whole errand in one go, as the issue asks: sign in, search, quick order, a cart with
// its promotion, checkout, the order turning approved live, and what another buyer may not see.
import { devices, expect, test } from '@playwright/test'
import { api, BASE_URL, DEMO, login, PASSWORD, signIn, untilServerListens } from './support'

const SKU = 'HX-DA-007-6'

interface CartTotals {
  subtotal: { amount: string }
  discountTotal: { amount: string }
  total: { amount: string }
  appliedPromotions: { name: string }[]
}

const yuan = (amount: string) => `¥${Number(amount).toLocaleString('en-US', { minimumFractionDigits: 2 })}`

test('a buyer searches, orders by SKU, sees the promotion, checks out and watches the approval arrive', async ({ page, browser }) => {
  const buyer = await login(DEMO.buyerA)
  const { suppliers } = await api<{ suppliers: { id: string }[] }>('{ suppliers { id } }', {}, buyer.token)
  const supplierId = suppliers[0]!.id
  await api('mutation ($input: CartClearInput!) { cartClear(input: $input) { userErrors { code } } }', { input: { supplierId } }, buyer.token)

  await page.goto('/login')
  await page.getByTestId('login-field').locator('input').fill(DEMO.buyerA)
  await page.getByTestId('password-field').locator('input').fill(PASSWORD)
  await page.getByTestId('login-submit').click()
  await expect(page.getByTestId('current-supplier')).toContainText('华鑫食品')

  await page.getByTestId('tab-catalog').click()
  const search = page.getByTestId('catalog-search').locator('input')
  await search.fill('Whole milk powder')
  await search.press('Enter')
  await expect(page.getByTestId('product-card').first()).toContainText('Whole milk powder')

  await page.getByTestId('tab-quick').click()
  await page.getByTestId('quick-order-text').locator('textarea').fill(`${SKU} 2`)
  await page.getByTestId('quick-order-add').click()
  await expect(page.getByTestId('cart-badge')).toContainText('1')

  const { cart } = await api<{ cart: CartTotals }>(
    `query ($supplierId: ID!) { cart(supplierId: $supplierId) {
       subtotal { amount } discountTotal { amount } total { amount } appliedPromotions { name } } }`,
    { supplierId },
    buyer.token,
  )
  expect(cart.appliedPromotions.map((promotion) => promotion.name)).toContain('全场满1000减100')
  await page.getByTestId('tab-cart').click()
  await expect(page.getByTestId('cart-line')).toContainText(SKU)
  await expect(page.getByTestId('cart-promotion').filter({ hasText: '满1000减100' })).toBeVisible()
  await expect(page.getByTestId('cart-total')).toContainText(yuan(cart.total.amount))
  expect(Number(cart.total.amount)).toBeCloseTo(Number(cart.subtotal.amount) - Number(cart.discountTotal.amount), 2)

  await page.getByTestId('go-checkout').click()
  await page.getByTestId('checkout-po').locator('input').fill('E2E-FLOW')
  await page.getByTestId('place-order').click()
  await expect(page).toHaveURL((url) => /^\/orders\/[^/]+$/.test(url.pathname))
  const orderUrl = new URL(page.url()).pathname
  const orderId = decodeURIComponent(orderUrl.split('/').pop()!)
  await expect(page.getByTestId('order-status')).toHaveAttribute('data-status', 'PENDING_APPROVAL')
  await untilServerListens(2)

  const approver = await login(DEMO.approver)
  const approved = await api<{ orderApprove: { order: { status: string } | null; userErrors: unknown[] } }>(
    'mutation ($input: OrderApproveInput!) { orderApprove(input: $input) { order { status } userErrors { code message } } }',
    { input: { orderId } },
    approver.token,
  )
  expect(approved.orderApprove.userErrors).toEqual([])
  expect(approved.orderApprove.order?.status).toBe('APPROVED')
  await expect(page.getByTestId('order-status')).toHaveAttribute('data-status', 'APPROVED', { timeout: 2_000 })

  const otherBuyer = await browser.newContext({ ...devices['Pixel 7'], baseURL: BASE_URL })
  const otherPage = await otherBuyer.newPage()
  await signIn(otherPage, DEMO.buyerB)
  await otherPage.goto(orderUrl)
  await expect(otherPage.getByTestId('not-found')).toBeVisible()
  await expect(otherPage.getByTestId('order-status')).toHaveCount(0)
  await otherBuyer.close()
})

test('the language switches between 简体中文 and English and stays chosen', async ({ page }) => {
  await signIn(page, DEMO.buyerA)
  await page.goto('/')
  await expect(page.getByTestId('tab-cart')).toContainText('购物车')
  await page.getByTestId('locale-switch').click()
  await expect(page.getByTestId('tab-cart')).toContainText('Cart')
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await page.reload()
  await expect(page.getByTestId('tab-cart')).toContainText('Cart')
  await page.getByTestId('locale-switch').click()
  await expect(page.getByTestId('tab-cart')).toContainText('购物车')
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN')
})
