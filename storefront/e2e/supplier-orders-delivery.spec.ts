import { expect, test } from '@playwright/test'
import { screenshot, signIn } from './support'
import { approve, BUYER_A, placeOrder, shipAll } from './supplier-orders-support'

test('the delivery note of a shipment lists its lines and prints without its button', async ({ page }, testInfo) => {
  const order = await placeOrder(BUYER_A)
  await approve(order.id)
  const shipmentId = await shipAll(order)
  await signIn(page, 'admin@huaxin.demo', 'supplier')
  await page.goto(`/supplier/orders/${order.id}`)
  await expect(page.getByTestId('shipment')).toHaveCount(1)
  await page.getByTestId('shipment').getByTestId('shipment-delivery-note').click()
  await expect(page).toHaveURL(new RegExp(`/supplier/orders/${order.id}/shipments/${shipmentId}/delivery-note$`))

  const note = page.getByTestId('delivery-note')
  await expect(note).toContainText(order.number)
  await expect(note).toContainText(order.customer)
  await expect(note).toContainText('顺丰速运')
  const lines = note.getByTestId('delivery-note-line')
  await expect(lines).toHaveCount(order.lines.length)
  for (const [index, line] of order.lines.entries()) {
    await expect(lines.nth(index)).toContainText(line.sku)
    await expect(lines.nth(index)).toContainText(String(line.quantity))
  }
  await expect(page.getByTestId('menu')).toHaveCount(0)
  const print = page.getByTestId('delivery-note-print')
  await expect(print).toBeVisible()
  await screenshot(page, testInfo, 'supplier-delivery-note')

  await page.emulateMedia({ media: 'print' })
  await expect(print).toBeHidden()
  await expect(lines.first()).toBeVisible()
})
