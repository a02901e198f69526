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

test('a sales rep setting a price below their discount limit sees the refusal on that line', async ({ page }) => {
  const order = await placeOrder(BUYER_A)
  // sales1@huaxin.demo serves dealer-a; Huaxin lets its sales reps go no lower than the resolved price.
  await signIn(page, 'sales1@huaxin.demo', 'supplier')
  await page.goto(`/supplier/orders/${order.id}`)
  await page.getByTestId('order-action-EDIT').click()
  const dialog = page.getByTestId('edit-dialog')
  await expect(dialog).toBeVisible()
  await dialog.getByTestId('edit-price').nth(1).fill('0.50')
  await dialog.getByTestId('edit-submit').click()
  const rows = dialog.locator('.el-table__body tr')
  await expect(rows.nth(1).getByTestId('edit-line-error')).toHaveText('此项必填')
  await dialog.getByTestId('edit-price-reason').nth(1).fill('老客户促销')
  await dialog.getByTestId('edit-submit').click()
  await expect(rows.nth(1).getByTestId('edit-line-error')).toHaveText('折扣超出权限')
  await expect(rows.nth(0).getByTestId('edit-line-error')).toHaveCount(0)
  await expect(dialog).toBeVisible()
})
