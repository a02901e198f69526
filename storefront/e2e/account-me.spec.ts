import { expect, test } from '@playwright/test'
import { DEMO, screenshot, signIn } from './support'

test('the me page shows the buyer, its supplier and menu, switches the language, and signs out', async ({ page }, testInfo) => {
  await signIn(page, DEMO.buyerA)
  await page.goto('/me')
  await expect(page.getByTestId('me-user')).toContainText('buyer@dealer-a.demo')
  await expect(page.getByTestId('me-supplier')).toContainText('华鑫食品')
  const menu = page.getByTestId('me-menu')
  for (const key of ['orders', 'payments', 'statements', 'notifications', 'favorites', 'addresses', 'users', 'password']) {
    await expect(menu.getByTestId(`me-${key}`)).toBeVisible()
  }
  await screenshot(page, testInfo, 'me')
  await page.setViewportSize({ width: 1280, height: 800 })
  await screenshot(page, testInfo, 'me-wide')

  await page.getByTestId('me-locale-en').click()
  await expect(page.getByTestId('me-menu')).toContainText('Addresses')
  await page.getByTestId('me-locale-zh-CN').click()
  await expect(page.getByTestId('me-menu')).toContainText('收货地址')

  await page.getByTestId('me-addresses').click()
  await expect(page).toHaveURL(/\/me\/addresses$/)
  await page.goto('/me')

  await page.getByTestId('me-sign-out').click()
  await expect(page).toHaveURL(/\/login$/)
  await page.goto('/orders')
  await expect(page).toHaveURL(/\/login\?redirect=/)
})

test('a buyer who is not an admin has no users entry, and the users page says why', async ({ page }) => {
  await signIn(page, DEMO.receiverA)
  await page.goto('/me')
  await expect(page.getByTestId('me-password')).toBeVisible()
  await expect(page.getByTestId('me-users')).toHaveCount(0)
  await page.goto('/me/users')
  await expect(page.getByTestId('users-admins-only')).toBeVisible()
})
