import { expect, test } from '@playwright/test'
import { addLines, buyerWithEmptyCart, catalogVariants, plainVariants, purchaseOrders } from './cart-helpers'
import { screenshot } from './support'

test('checkout: a too-long PO number is refused next to its field; a double tap on "place order" places one order', async ({ page }, testInfo) => {
  const buyer = await buyerWithEmptyCart(page)
  const [first, second] = plainVariants(await catalogVariants(buyer))
  if (!first || !second) throw new Error('the demo catalog has no two plain variants')
  await addLines(buyer, [
    { variantId: first.id, quantity: 2 },
    { variantId: second.id, quantity: 1 },
  ])
  const before = await purchaseOrders(buyer)

  await page.goto('/cart')
  await page.getByTestId('go-checkout').click()
  await expect(page).toHaveURL(/\/checkout$/)
  await expect(page.getByTestId('checkout-address').first()).toContainText('默认')
  await expect(page.getByTestId('credit-headroom')).toContainText('可用信用额度 ¥')
  await expect(page.getByTestId('checkout-line')).toHaveCount(2)

  // The server allows 64 characters.
  const po = page.getByTestId('checkout-po')
  await po.locator('input').fill('P'.repeat(65))
  await page.getByTestId('payment-method-ON_ACCOUNT').click()
  await page.getByTestId('checkout-date').click()
  await page.locator('.van-calendar__day:not(.van-calendar__day--disabled)').first().click()
  await expect(page.getByTestId('checkout-date')).not.toContainText('请选择日期')
  await page.getByTestId('place-order').click()
  await expect(po).toContainText('内容过长')
  expect((await purchaseOrders(buyer)).totalCount).toBe(before.totalCount)

  const poNumber = `PO-E2E-${Date.now()}`
  await po.locator('input').fill(poNumber)
  await expect(po).not.toContainText('内容过长')
  await page.getByTestId('checkout-note').locator('textarea').fill('请走货梯')
  await screenshot(page, testInfo, 'checkout')
  await page.getByTestId('place-order').dblclick()
  await expect(page).toHaveURL(/\/orders\/[^/]+$/)

  const after = await purchaseOrders(buyer)
  expect(after.totalCount).toBe(before.totalCount + 1)
  expect(after.newest?.poNumber).toBe(poNumber)
  expect(page.url()).toContain(`/orders/${after.newest?.id}`)
})
