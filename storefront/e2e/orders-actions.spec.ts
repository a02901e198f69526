import { expect, test } from '@playwright/test'
import { cartLines, clearCart, orderStatus, placeOrder } from './orders-support'
import { DEMO, signIn } from './support'

test('the buyer cancels a pending order with a reason', async ({ page }) => {
  const order = await placeOrder()
  await signIn(page, DEMO.buyerA)
  await page.goto(`/orders/${order.id}`)
  const status = page.getByTestId('order-status')
  await expect(status).toHaveAttribute('data-status', 'PENDING_APPROVAL')
  await page.getByTestId('order-action-CANCEL').click()
  const dialog = page.getByTestId('cancel-dialog')
  await expect(dialog).toContainText(order.number)
  await dialog.getByTestId('cancel-reason').locator('input').fill('下错单了')
  await dialog.getByRole('button', { name: '确认' }).click()
  await expect(status).toHaveAttribute('data-status', 'CANCELLED')
  await expect(page.getByTestId('timeline-entry').first()).toContainText('下错单了')
  await expect(page.getByTestId('order-action-CANCEL')).toHaveCount(0)
  expect(await orderStatus(order.id)).toBe('CANCELLED')
})

test('the buyer changes a quantity before approval', async ({ page }) => {
  const order = await placeOrder()
  await signIn(page, DEMO.buyerA)
  await page.goto(`/orders/${order.id}`)
  const total = await page.getByTestId('order-total').textContent()
  await page.getByTestId('order-action-EDIT').click()
  const sheet = page.getByTestId('edit-sheet')
  await sheet.getByTestId('edit-line').first().locator('.van-stepper__plus').click()
  await page.getByTestId('edit-submit').click()
  await expect(sheet).toBeHidden()
  await expect(page.getByTestId('order-total')).not.toHaveText(total ?? '')
  await expect(page.getByTestId('timeline-entry').first()).toContainText('修改了订单')
  await expect(page.getByTestId('order-line').first()).toContainText('4 ')
})

test('reorder puts the order lines in the cart and goes there', async ({ page }) => {
  const order = await placeOrder()
  await clearCart()
  await signIn(page, DEMO.buyerA)
  await page.goto(`/orders/${order.id}`)
  await page.getByTestId('order-action-REORDER').click()
  await expect(page).toHaveURL(/\/cart$/)
  const lines = await cartLines()
  expect(lines.map((line) => line.quantity).sort()).toEqual([2, 3])
})

test("another buyer opening dealer-a's order sees not-found", async ({ page }) => {
  const order = await placeOrder()
  await signIn(page, DEMO.buyerB)
  await page.goto(`/orders/${order.id}`)
  await expect(page.getByTestId('not-found')).toBeVisible()
  await expect(page.getByTestId('order-number')).toHaveCount(0)
  await page.goto('/orders/not-an-order-id')
  await expect(page.getByTestId('not-found')).toBeVisible()
})
