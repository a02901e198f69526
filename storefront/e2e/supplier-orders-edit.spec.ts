import { expect, test } from '@playwright/test'
import { signIn } from './support'
import { BUYER_A, placeOrder } from './supplier-orders-support'

test('the admin changes a quantity (改单) and the history shows it before and after', async ({ page }) => {
  const order = await placeOrder(BUYER_A)
  const line = order.lines[0]!
  await signIn(page, 'admin@huaxin.demo', 'supplier')
  await page.goto(`/supplier/orders/${order.id}`)
  await expect(page.getByTestId('order-header')).toContainText(order.number)
  await expect(page.getByTestId('line-changes')).toHaveCount(0)

  await page.getByTestId('order-action-EDIT').click()
  const dialog = page.getByTestId('edit-dialog')
  await expect(dialog).toBeVisible()
  const quantity = dialog.getByTestId('edit-qty').first().locator('input')
  await expect(quantity).toHaveValue(String(line.quantity))
  await quantity.fill(String(line.quantity + 3))
  await quantity.blur()
  await dialog.getByTestId('edit-reason').fill('客户电话加量')
  await dialog.getByTestId('edit-submit').click()
  await expect(dialog).toBeHidden()

  const changes = page.getByTestId('line-changes')
  await expect(changes).toContainText(line.sku)
  await expect(changes.getByTestId('line-change-quantity').first()).toHaveText(`${line.quantity} → ${line.quantity + 3}`)
  await expect(changes).toContainText('客户电话加量')
  await expect(page.getByTestId('line-quantity').first()).toHaveText(String(line.quantity + 3))
})

test('a unit price set by hand without a reason is refused on its line', async ({ page }) => {
  const order = await placeOrder(BUYER_A)
  await signIn(page, 'admin@huaxin.demo', 'supplier')
  await page.goto(`/supplier/orders/${order.id}`)
  await page.getByTestId('order-action-EDIT').click()
  const dialog = page.getByTestId('edit-dialog')
  await dialog.getByTestId('edit-price').nth(1).fill('0.50')
  await dialog.getByTestId('edit-submit').click()
  await expect(dialog.getByTestId('edit-line-error').or(dialog.getByTestId('form-error')).first()).toBeVisible()
  await expect(dialog).toBeVisible()
})
