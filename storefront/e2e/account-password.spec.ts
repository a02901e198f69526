import { expect, test } from '@playwright/test'
import { FRESH_PASSWORD, freshBuyer, signInWith } from './account-fixtures'
import { api } from './support'

test('a wrong current password is named at its field, and a real change lets the user sign in with the new one', async ({ page }) => {
  const { email, tokens } = await freshBuyer('password')
  await signInWith(page, tokens)
  await page.goto('/me')
  await page.getByTestId('me-password').click()
  await expect(page).toHaveURL(/\/me\/password$/)

  await page.getByTestId('field-currentPassword').locator('input').fill('wrong-password-1')
  await page.getByTestId('field-newPassword').locator('input').fill('a-new-pass-2026')
  await page.getByTestId('field-newPasswordRepeat').locator('input').fill('a-new-pass-2026')
  await page.getByTestId('password-submit').click()
  await expect(page.getByTestId('field-currentPassword')).toContainText('账号或密码不正确')

  await page.getByTestId('field-currentPassword').locator('input').fill(FRESH_PASSWORD)
  await page.getByTestId('field-newPasswordRepeat').locator('input').fill('a-new-pass-2027')
  await page.getByTestId('password-submit').click()
  await expect(page.getByTestId('field-newPasswordRepeat')).toContainText('两次输入的密码不一致')

  await page.getByTestId('field-newPasswordRepeat').locator('input').fill('a-new-pass-2026')
  await page.getByTestId('password-submit').click()
  await expect(page.locator('.van-toast')).toContainText('密码已修改')
  await expect(page.getByTestId('field-currentPassword').locator('input')).toHaveValue('')

  const login = `mutation ($input: LoginInput!) { login(input: $input) { token userErrors { code } } }`
  const withOld = await api<{ login: { token: string | null; userErrors: { code: string }[] } }>(login, { input: { login: email, password: FRESH_PASSWORD } })
  expect(withOld.login.userErrors.map((e) => e.code)).toEqual(['INVALID_CREDENTIALS'])
  const withNew = await api<{ login: { token: string | null; userErrors: { code: string }[] } }>(login, { input: { login: email, password: 'a-new-pass-2026' } })
  expect(withNew.login.token).toBeTruthy()
})
