import { expect, test } from '@playwright/test'
import { DEMO, screenshot, signIn } from './support'

test("Huaxin's approval flow shows its steps; a flow is created (a nameless step refused at its field) and deleted", async ({ page }, testInfo) => {
  await signIn(page, DEMO.supplierAdmin, 'supplier')
  await page.goto('/supplier/approval-flows')
  const flows = page.getByTestId('flow-row')
  await expect(flows.first()).toBeVisible()
  const before = await flows.count()
  await expect(flows.first().locator('.el-step')).not.toHaveCount(0)
  await screenshot(page, testInfo, 'supplier-approval-flows')

  const name = `E2E 流程 ${Date.now()}`
  await page.getByTestId('flow-create').click()
  const form = page.getByTestId('flow-form')
  await form.getByTestId('field-name').locator('input').first().fill(name)
  await page.getByTestId('flow-save').click()
  await expect(form.locator('.el-form-item__error').first()).toBeVisible()
  await form.getByPlaceholder('名称').fill('大区经理')
  await page.getByTestId('flow-save').click()
  await expect(form).toBeHidden()
  const created = flows.filter({ hasText: name })
  await expect(created).toContainText('大区经理')
  await expect(flows).toHaveCount(before + 1)

  await created.getByTestId('flow-delete').click()
  await page.locator('.el-message-box__btns .el-button--primary').click()
  await expect(flows).toHaveCount(before)
})
