import { expect, test } from '@playwright/test'
import { FRESH_PASSWORD, uniqueEmail } from './account-fixtures'
import { DEMO, screenshot } from './support'

async function fillRegistration(page: import('@playwright/test').Page, email: string) {
  await page.getByTestId('register-supplier').filter({ hasText: '华鑫食品' }).click()
  await page.getByTestId('field-companyName').locator('input').fill('E2E 注册测试商行')
  await page.getByTestId('field-contactName').locator('input').fill('王经理')
  await page.getByTestId('field-name').locator('input').fill('王小明')
  await page.getByTestId('field-email').locator('input').fill(email)
  await page.getByTestId('field-password').locator('input').fill(FRESH_PASSWORD)
  await page.getByTestId('field-passwordRepeat').locator('input').fill(FRESH_PASSWORD)
}

test('registration: a taken email is refused at the email field, a fresh one waits for the supplier, and signing in cannot order yet', async ({ page }, testInfo) => {
  await page.goto('/login')
  await page.getByTestId('login-register').click()
  await expect(page).toHaveURL(/\/register$/)
  await expect(page.getByTestId('register-supplier')).not.toHaveCount(0)

  await fillRegistration(page, DEMO.buyerA)
  await page.getByTestId('field-passwordRepeat').locator('input').fill('something-else')
  await page.getByTestId('register-submit').click()
  await expect(page.getByTestId('field-passwordRepeat')).toContainText('两次输入的密码不一致')

  await page.getByTestId('field-passwordRepeat').locator('input').fill(FRESH_PASSWORD)
  await page.getByTestId('register-submit').click()
  await expect(page.getByTestId('field-email')).toContainText('已存在')
  await expect(page.getByTestId('register-pending')).toHaveCount(0)
  await screenshot(page, testInfo, 'register')

  const email = uniqueEmail('register')
  await page.getByTestId('field-email').locator('input').fill(email)
  await page.getByTestId('register-submit').click()
  await expect(page.getByTestId('register-pending')).toContainText('等待审核')
  await expect(page.getByTestId('register-pending')).toContainText('华鑫食品')
  await screenshot(page, testInfo, 'register-pending')

  // The server lets the pending buyer sign in, but it has no approved supplier: nothing to order from.
  await page.getByTestId('register-to-login').click()
  await page.getByTestId('login-field').locator('input').fill(email)
  await page.getByTestId('password-field').locator('input').fill(FRESH_PASSWORD)
  await page.getByTestId('login-submit').click()
  await expect(page).toHaveURL(/\/suppliers/)
  await expect(page.getByTestId('state-empty')).toBeVisible()
  await page.goto('/me')
  await expect(page.getByTestId('me-pending')).toContainText('华鑫食品')
})
