import { expect, test } from '@playwright/test'
import { DEMO, PASSWORD } from './support'

test('supplier staff sign in to the dashboard; a buyer is sent to the ordering app', async ({ page }) => {
  await page.goto('/supplier/')
  await expect(page).toHaveURL((url) => url.pathname === '/supplier/login')
  await page.getByTestId('login-field').locator('input').fill(DEMO.buyerA)
  await page.getByTestId('password-field').locator('input').fill(PASSWORD)
  await page.getByTestId('login-submit').click()
  await expect(page.getByTestId('form-error')).toContainText('不属于供货商')

  await page.getByTestId('login-field').locator('input').fill(DEMO.supplierAdmin)
  await page.getByTestId('login-submit').click()
  await expect(page.getByTestId('viewer-org')).toContainText('华鑫食品')
  await expect(page).toHaveURL((url) => url.pathname === '/supplier/')
})
