import { expect, test, type Page } from '@playwright/test'
import { screenshot, signIn, untilServerListens } from './support'
import { approve, BUYER_A, BUYER_B, confirmReceipts, placeOrder, SALES1, SALES2 } from './supplier-orders-support'

/** Resolves once the page has subscribed to orderUpdated over the websocket. */
function subscribed(page: Page): Promise<unknown> {
  return new Promise((resolve) => {
    page.on('websocket', (socket) => {
      socket.on('framesent', (frame) => {
        if (typeof frame.payload === 'string' && frame.payload.includes('"subscribe"') && frame.payload.includes('orderUpdated')) resolve(frame)
      })
    })
  })
}

function boardRow(page: Page, number: string) {
  return page.getByTestId('board-row').filter({ hasText: number })
}

test('a new order appears live, follows its approval, is shipped in two parts and turns COMPLETED on the board', async ({ page }, testInfo) => {
  await signIn(page, 'admin@huaxin.demo', 'supplier')
  const live = subscribed(page)
  await page.goto('/supplier/')
  await expect(page.getByTestId('board')).toBeVisible()
  await expect(page.getByTestId('board-row').first()).toBeVisible()
  await live
  await untilServerListens(1)
  let navigations = 0
  page.on('framenavigated', () => (navigations += 1))

  const order = await placeOrder(BUYER_A)
  const row = boardRow(page, order.number)
  await expect(row).toBeVisible({ timeout: 2_000 })
  await expect(row).toContainText(order.customer)
  await expect(row).toHaveAttribute('data-status', 'PENDING_APPROVAL')
  await expect(page.getByTestId('board').locator('tbody tr').first()).toContainText(order.number)
  await expect(page.getByTestId('board-new-badge')).toHaveAttribute('data-count', /[1-9]/)
  expect(navigations).toBe(0)
  await screenshot(page, testInfo, 'supplier-board')

  await approve(order.id)
  await expect(row).toHaveAttribute('data-status', 'APPROVED', { timeout: 2_000 })
  expect(navigations).toBe(0)

  await row.click()
  await expect(page).toHaveURL(new RegExp(`/supplier/orders/${order.id}$`))
  await expect(page.getByTestId('order-header')).toContainText(order.number)
  await expect(page.getByTestId('order-status')).toHaveAttribute('data-status', 'APPROVED')

  // First shipment: half of each line.
  await page.getByTestId('order-action-SHIP').click()
  const dialog = page.getByTestId('ship-dialog')
  await expect(dialog).toBeVisible()
  const quantities = dialog.getByTestId('ship-qty')
  await expect(quantities).toHaveCount(order.lines.length)
  for (const [index, line] of order.lines.entries()) {
    const input = quantities.nth(index).locator('input')
    await expect(input).toHaveValue(String(line.quantity))
    await input.fill(String(line.quantity / 2))
    await input.blur()
  }
  await dialog.getByTestId('ship-warehouse').click()
  await page.locator('.el-select-dropdown__item:visible').filter({ hasText: 'SH' }).click()
  await dialog.getByTestId('ship-carrier').fill('顺丰速运')
  await dialog.getByTestId('ship-tracking').fill('SF1001')
  await dialog.getByTestId('ship-submit').click()
  await expect(dialog).toBeHidden()
  await expect(page.getByTestId('shipment')).toHaveCount(1)
  await expect(page.getByTestId('order-status')).toHaveAttribute('data-status', 'PARTIALLY_SHIPPED')
  await expect(page.getByTestId('shipment').first()).toContainText('SF1001')
  await expect(page.getByTestId('shipment').first()).toContainText(`× ${order.lines[0]!.quantity / 2}`)

  // Second shipment: the rest, which the dialog offers by default.
  await page.getByTestId('order-action-SHIP').click()
  await expect(dialog).toBeVisible()
  for (const [index, line] of order.lines.entries()) await expect(quantities.nth(index).locator('input')).toHaveValue(String(line.quantity / 2))
  await dialog.getByTestId('ship-carrier').fill('中通快递')
  await dialog.getByTestId('ship-tracking').fill('ZT2002')
  await dialog.getByTestId('ship-submit').click()
  await expect(dialog).toBeHidden()
  await expect(page.getByTestId('shipment')).toHaveCount(2)
  await expect(page.getByTestId('order-status')).toHaveAttribute('data-status', 'SHIPPED')
  await expect(page.getByTestId('order-action-SHIP')).toHaveCount(0)
  await screenshot(page, testInfo, 'supplier-order')

  await page.getByRole('link', { name: /返回看板/ }).click()
  await expect(row).toHaveAttribute('data-status', 'SHIPPED')
  expect(await confirmReceipts(order.id, BUYER_A)).toBe(2)
  await expect(row).toHaveAttribute('data-status', 'COMPLETED', { timeout: 2_000 })
})

test('each sales rep sees the new orders of their own customers only', async ({ browser }) => {
  const first = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })
  const second = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })
  const sales1 = await first.newPage()
  const sales2 = await second.newPage()
  await signIn(sales1, SALES1, 'supplier')
  await signIn(sales2, SALES2, 'supplier')
  const live1 = subscribed(sales1)
  const live2 = subscribed(sales2)
  await sales1.goto('/supplier/')
  await sales2.goto('/supplier/')
  await expect(sales1.getByTestId('board-row').first()).toBeVisible()
  await expect(sales2.getByTestId('board-row').first()).toBeVisible()
  await Promise.all([live1, live2])
  await untilServerListens(2)

  const fromA = await placeOrder(BUYER_A)
  const fromB = await placeOrder(BUYER_B)
  await expect(boardRow(sales1, fromA.number)).toContainText(fromA.customer, { timeout: 2_000 })
  await expect(boardRow(sales2, fromB.number)).toContainText(fromB.customer, { timeout: 2_000 })
  // Both events have been delivered by now (each board got the later or earlier one): neither rep
  // got the other's.
  await approve(fromB.id)
  await approve(fromA.id)
  await expect(boardRow(sales1, fromA.number)).toHaveAttribute('data-status', 'APPROVED')
  await expect(boardRow(sales2, fromB.number)).toHaveAttribute('data-status', 'APPROVED')
  await expect(boardRow(sales1, fromB.number)).toHaveCount(0)
  await expect(boardRow(sales2, fromA.number)).toHaveCount(0)
  await expect(sales1.getByTestId('board')).not.toContainText(fromB.customer)
  await expect(sales2.getByTestId('board')).not.toContainText(fromA.customer)
  await first.close()
  await second.close()
})
