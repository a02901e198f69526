import { expect, test } from '@playwright/test'
import { DEMO, screenshot, signIn } from './support'
import { receivedOrder, requestReturn, tableRow } from './supplier-approvals-support'

test('a requested return is approved, received into a warehouse and refunded', async ({ page }, testInfo) => {
  const { order, shipmentLineIds } = await receivedOrder()
  const requested = await requestReturn(order.id, shipmentLineIds[0]!)
  await signIn(page, DEMO.supplierAdmin, 'supplier')
  await page.goto('/supplier/returns')
  const row = tableRow(page, 'return-row', 'data-return-id', requested.id)
  await expect(row.getByTestId('return-row')).toHaveAttribute('data-status', 'REQUESTED')
  await expect(row).toContainText(order.number)
  await expect(row).toContainText('Dealer A')
  await screenshot(page, testInfo, 'supplier-returns')

  await row.getByTestId('return-approve').click()
  await page.locator('.return-approve-box .el-button--primary').click()
  await expect(row.getByTestId('return-row')).toHaveAttribute('data-status', 'APPROVED')

  await row.getByTestId('return-receive').click()
  const chosen = page.getByTestId('return-warehouse').locator('.el-radio.is-checked')
  await expect(chosen).toHaveCount(1)
  await page.getByTestId('return-receive-submit').click()
  await expect(row.getByTestId('return-row')).toHaveAttribute('data-status', 'REFUNDED')
  await expect(row.getByTestId('return-refund')).toBeVisible()
  await expect(row.getByTestId('return-warehouse-name')).toBeVisible()
  await expect(row.getByTestId('return-receive')).toHaveCount(0)
})
