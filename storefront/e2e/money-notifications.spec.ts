import { expect, test } from '@playwright/test'
import { api, DEMO, login, screenshot, signIn, untilServerListens } from './support'

const SUPPLIER = 'T3JnYW5pemF0aW9uOjE' // Huaxin (demo data)

async function placeAndApproveOrder(buyerToken: string): Promise<{ id: string; number: string }> {
  await api(`mutation ($s: ID!) { cartClear(input: { supplierId: $s }) { userErrors { code } } }`, { s: SUPPLIER }, buyerToken)
  await api(
    `mutation ($s: ID!) { cartAddLines(input: { supplierId: $s, lines: [{ variantId: "VmFyaWFudDo3Nw", quantity: 1 }] }) { userErrors { code } } }`,
    { s: SUPPLIER },
    buyerToken,
  )
  const placed = await api<{ checkout: { order: { id: string; number: string } | null; userErrors: unknown[] } }>(
    `mutation ($s: ID!, $k: String!) { checkout(input: { supplierId: $s, idempotencyKey: $k }) { order { id number } userErrors { code message } } }`,
    { s: SUPPLIER, k: `money-bell-${Date.now()}` },
    buyerToken,
  )
  expect(placed.checkout.userErrors).toEqual([])
  const order = placed.checkout.order ?? { id: '', number: '' }
  // The demo's approval flow: a small order needs the level-1 approver's decision only.
  const approver = await login(DEMO.approver)
  const approved = await api<{ orderApprove: { userErrors: unknown[] } }>(
    `mutation ($id: ID!) { orderApprove(input: { orderId: $id }) { userErrors { code message } } }`,
    { id: order.id },
    approver.token,
  )
  expect(approved.orderApprove.userErrors).toEqual([])
  return order
}

test('the bell counts a new notification live and the inbox marks it read', async ({ page }, testInfo) => {
  const buyer = await signIn(page, DEMO.buyerB)
  await api(`mutation { notificationsMarkRead(input: {}) { unreadCount } }`, {}, buyer.token)

  await page.goto('/payments')
  await expect(page.getByTestId('notification-bell')).toBeVisible()
  await expect(page.getByTestId('notification-badge')).toHaveCount(0)
  await expect(page.getByTestId('payment-item').first()).toBeVisible()

  await untilServerListens(1)
  const order = await placeAndApproveOrder(buyer.token)
  await expect(page.getByTestId('notification-badge')).toHaveText('1', { timeout: 15_000 })

  await page.getByTestId('notification-bell').click()
  await expect(page).toHaveURL(/\/notifications$/)
  const item = page.getByTestId('notification-item').filter({ hasText: order.number })
  await expect(item).toHaveAttribute('data-read', 'false')
  await expect(item).toHaveAttribute('data-kind', 'ORDER_APPROVED')
  await expect(page.getByTestId('notification-item').nth(1)).toHaveAttribute('data-read', 'true')
  await screenshot(page, testInfo, 'notifications')

  await item.click()
  await expect(page).toHaveURL(new RegExp(`/orders/${encodeURIComponent(order.id)}$`))
  await expect(page.getByTestId('notification-badge')).toHaveCount(0)
})

test('mark all read clears the badge; unread only lists what is unread', async ({ page }) => {
  const buyer = await signIn(page, DEMO.buyerB)
  await api(`mutation { notificationsMarkRead(input: {}) { unreadCount } }`, {}, buyer.token)
  await page.goto('/notifications')
  await expect(page.getByTestId('notification-item').first()).toBeVisible()
  await untilServerListens(1)
  await placeAndApproveOrder(buyer.token)
  await expect(page.getByTestId('notification-badge')).toHaveText('1', { timeout: 15_000 })
  // The inbox itself takes the new entry in live, at the top.
  await expect(page.getByTestId('notification-item').first()).toHaveAttribute('data-read', 'false')

  await page.getByTestId('notifications-unread').click()
  await expect(page.getByTestId('notification-item')).toHaveCount(1)
  await page.getByTestId('notifications-mark-all').click()
  await expect(page.getByTestId('notification-badge')).toHaveCount(0)
  await expect(page.getByTestId('state-empty')).toBeVisible()
})
