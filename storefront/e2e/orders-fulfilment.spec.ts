import { expect, test } from '@playwright/test'
import { approve, orderStatus, placeOrder, shipAll } from './orders-support'
import { DEMO, screenshot, signIn, untilServerListens } from './support'

test('a shipment appears live, the buyer confirms receipt one unit short, then asks to return a unit', async ({ page }, testInfo) => {
  const order = await placeOrder(DEMO.buyerA, { poNumber: `PO-${Date.now()}` })
  await approve(order.id)
  await signIn(page, DEMO.buyerA)
  await page.goto(`/orders/${order.id}`)
  const status = page.getByTestId('order-status')
  await expect(status).toHaveAttribute('data-status', 'APPROVED')
  await expect(page.getByTestId('shipment')).toHaveCount(0)
  await untilServerListens(2)

  await shipAll(order)
  const shipment = page.getByTestId('shipment')
  await expect(shipment).toHaveCount(1)
  await expect(status).toHaveAttribute('data-status', 'SHIPPED')
  await expect(shipment).toContainText('顺丰速运')
  // A tracking event is the shipment's, not the order's: orderUpdated does not carry it, so the
  // page shows it when it next loads the order.
  await page.reload()
  await expect(shipment.getByTestId('tracking-event')).toContainText('已揽收')

  await page.getByTestId('order-action-CONFIRM_RECEIPT').click()
  const sheet = page.getByTestId('receipt-sheet')
  const firstLine = sheet.getByTestId('receipt-line').first()
  await firstLine.locator('.van-stepper__minus').click()
  await expect(firstLine.locator('input').first()).toHaveValue('2')
  await page.getByTestId('receipt-submit').click()
  await expect(firstLine).toContainText('实收少于发货时请填写原因')
  await firstLine.getByTestId('receipt-reason').locator('input').fill('少发一箱')
  await page.getByTestId('receipt-submit').click()
  await expect(sheet).toBeHidden()

  await expect(shipment).toHaveAttribute('data-status', 'RECEIVED')
  await expect(shipment).toContainText('差异：少发一箱')
  const serverStatus = await orderStatus(order.id)
  expect(serverStatus).not.toBe('SHIPPED')
  await expect(status).toHaveAttribute('data-status', serverStatus!)
  await expect(page.getByTestId('order-action-CONFIRM_RECEIPT')).toHaveCount(0)

  await page.getByTestId('order-action-REQUEST_RETURN').click()
  const returnSheet = page.getByTestId('return-sheet')
  const returnLine = returnSheet.getByTestId('return-line').last()
  await returnLine.locator('.van-stepper__plus').click()
  await returnSheet.getByTestId('return-reason').locator('textarea').fill('包装破损')
  await page.getByTestId('return-submit').click()
  await expect(returnSheet).toBeHidden()
  const returned = page.getByTestId('order-return')
  await expect(returned).toHaveCount(1)
  await expect(returned).toHaveAttribute('data-status', 'REQUESTED')
  await expect(returned).toContainText('包装破损')

  await expect(page.getByTestId('timeline-entry').nth(3)).toBeVisible()
  await expect(page.locator('.van-toast')).toBeHidden()
  await screenshot(page, testInfo, 'order')
})
