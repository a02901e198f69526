import { expect, test } from '@playwright/test'
import { DEMO, screenshot } from './support'

test('a forgotten password gets the same neutral answer for a real and an unknown account', async ({ page }, testInfo) => {
  for (const login of [DEMO.receiverA, 'nobody-here@e2e.test']) {
    await page.goto('/login')
    await page.getByTestId('login-forgot').click()
    await expect(page).toHaveURL(/\/forgot-password$/)
    await page.getByTestId('field-login').locator('input').fill(login)
    await page.getByTestId('forgot-submit').click()
    await expect(page.getByTestId('forgot-done')).toContainText('如果该账号存在')
  }
  await screenshot(page, testInfo, 'forgot-done')
})

test('the reset page checks the repeat before sending and shows a bad token at its field', async ({ page }) => {
  await page.goto('/reset-password?token=not-a-real-token')
  await expect(page.getByTestId('field-token').locator('input')).toHaveValue('not-a-real-token')
  await page.getByTestId('field-newPassword').locator('input').fill('brand-new-pass1')
  await page.getByTestId('field-newPasswordRepeat').locator('input').fill('brand-new-pass2')
  await page.getByTestId('reset-submit').click()
  await expect(page.getByTestId('field-newPasswordRepeat')).toContainText('两次输入的密码不一致')
  await expect(page.getByTestId('field-token')).not.toContainText('链接无效')

  await page.getByTestId('field-newPasswordRepeat').locator('input').fill('brand-new-pass1')
  await page.getByTestId('reset-submit').click()
  await expect(page.getByTestId('field-token')).toContainText('链接无效或已过期')
  await expect(page).toHaveURL(/\/reset-password/)
})
