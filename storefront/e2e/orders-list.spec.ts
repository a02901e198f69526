import { expect, test } from '@playwright/test'
import { placeOrder } from './orders-support'
import { DEMO, screenshot, signIn } from './support'

test('status tabs and search find the order by its number and PO number', async ({ page }, testInfo) => {
  const poNumber = `PO-LIST-${Date.now()}`
  const order = await placeOrder(DEMO.buyerA, { poNumber })
  await signIn(page, DEMO.buyerA)
  await page.goto('/orders')
  const cards = page.getByTestId('order-card')
  await expect(cards.first()).toContainText(order.number)
  await screenshot(page, testInfo, 'orders')

  await page.getByRole('tab', { name: '待审核' }).click()
  await expect(page).toHaveURL(/tab=pending/)
  await expect(cards.filter({ hasText: order.number })).toHaveCount(1)
  for (const status of await cards.locator('[data-status]').evaluateAll((tags) => tags.map((tag) => tag.getAttribute('data-status')))) {
    expect(status).toBe('PENDING_APPROVAL')
  }

  await page.getByRole('tab', { name: '已完成' }).click()
  await expect(page).toHaveURL(/tab=completed/)
  await expect(cards.filter({ hasText: order.number })).toHaveCount(0)
  await expect(cards.first()).toBeVisible()

  await page.getByRole('tab', { name: '全部' }).click()
  const search = page.getByTestId('order-search').locator('input')
  await search.fill(order.number)
  await search.press('Enter')
  await expect(page).toHaveURL(new RegExp(`q=${order.number}`))
  await expect(cards).toHaveCount(1)
  await expect(cards).toContainText(order.number)

  await search.fill(poNumber)
  await search.press('Enter')
  await expect(cards).toHaveCount(1)
  await expect(cards).toContainText(order.number)

  await page.getByRole('tab', { name: '已取消' }).click()
  await expect(page.getByTestId('state-empty')).toBeVisible()

  // The URL keeps tab and search: a reload shows the same list.
  await page.goto(`/orders?tab=pending&q=${order.number}`)
  await expect(cards).toHaveCount(1)
  await cards.click()
  await expect(page).toHaveURL(new RegExp(`/orders/${order.id}$`))
  await expect(page.getByTestId('order-number')).toHaveText(order.number)
})
