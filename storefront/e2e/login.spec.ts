import { expect, test } from '@playwright/test'
import { DEMO, PASSWORD } from './support'

test('a buyer signs in with the form and lands on the home page of its supplier', async ({ page }) => {
  await page.goto('/orders')
  await expect(page).toHaveURL(/\/login\?redirect=/)
  await page.getByTestId('login-field').locator('input').fill(DEMO.buyerA)
  await page.getByTestId('password-field').locator('input').fill('wrong-password')
  await page.getByTestId('login-submit').click()
  await expect(page.getByTestId('login-field')).toContainText('账号或密码不正确')

  await page.getByTestId('password-field').locator('input').fill(PASSWORD)
  await page.getByTestId('login-submit').click()
  await expect(page).toHaveURL((url) => url.pathname === '/orders')
  await page.goto('/')
  await expect(page.getByTestId('current-supplier')).toContainText('华鑫食品')
})
