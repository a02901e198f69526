import { expect, test } from '@playwright/test'
import { freshBuyer, signInWith, uniqueEmail } from './account-fixtures'
import { DEMO, screenshot, signIn } from './support'

test('an admin invites a user, changes its roles, and cannot give itself roles or deactivate itself', async ({ page }, testInfo) => {
  const { email, tokens } = await freshBuyer('users')
  await signInWith(page, tokens)
  await page.goto('/me')
  await page.getByTestId('me-users').click()
  await expect(page).toHaveURL(/\/me\/users$/)
  await expect(page.getByTestId('user-item')).toHaveCount(1)

  const invitee = uniqueEmail('invitee')
  await page.getByTestId('user-invite').click()
  await page.getByTestId('field-email').locator('input').fill('not-an-email')
  await page.getByTestId('user-invite-submit').click()
  await expect(page.getByTestId('field-email')).toContainText('格式不正确')
  await page.getByTestId('field-email').locator('input').fill(invitee)
  await page.getByTestId('field-name').locator('input').fill('新同事')
  await page.getByTestId('role-RECEIVER').click()
  await page.getByTestId('user-invite-submit').click()
  await expect(page.getByTestId('user-invited')).toContainText(invitee)
  const invited = page.getByTestId('user-item').filter({ hasText: invitee })
  await expect(invited.getByTestId('user-status')).toHaveText('已邀请')
  await expect(invited.getByTestId('user-roles')).toContainText('采购')
  await expect(invited.getByTestId('user-roles')).toContainText('收货')
  await expect(page.locator('.van-overlay:visible')).toHaveCount(0)
  await screenshot(page, testInfo, 'users')

  // Change the invitee's roles: receiver only, then finance too.
  await invited.click()
  await expect(page.getByTestId('user-manage-title')).toHaveText('新同事')
  await page.getByTestId('role-PURCHASER').click()
  await page.getByTestId('role-FINANCE').click()
  await page.getByTestId('user-roles-save').click()
  await expect(invited.getByTestId('user-roles')).toContainText('财务')
  await expect(invited.getByTestId('user-roles')).not.toContainText('采购')

  // Nobody gives themselves roles: trading its ADMIN for RECEIVER is refused at the roles.
  const me = page.getByTestId('user-item').filter({ hasText: email })
  await me.click()
  await page.getByTestId('role-ADMIN').click()
  await page.getByTestId('role-RECEIVER').click()
  await page.getByTestId('user-roles-save').click()
  await expect(page.getByTestId('field-roles')).toContainText('不能对自己的账号这样操作')
  // Nor may it deactivate itself.
  await page.getByTestId('user-deactivate').click()
  await page.locator('.van-dialog__confirm').click()
  await expect(page.getByTestId('user-error')).toContainText('不能对自己的账号这样操作')
  await page.keyboard.press('Escape')
  await page.locator('.van-popup__close-icon').last().click()
  await expect(me.getByTestId('user-roles')).toContainText('管理员')
  await expect(me.getByTestId('user-status')).toHaveText('正常')

  // Deactivating the invitee works, and so does reactivating it (a fresh invitation).
  await invited.click()
  await page.getByTestId('user-deactivate').click()
  await page.locator('.van-dialog__confirm').click()
  await expect(invited.getByTestId('user-status')).toHaveText('已停用')
  await invited.click()
  await page.getByTestId('user-reactivate').click()
  await expect(invited.getByTestId('user-status')).toHaveText('已邀请')
})

test('the only admin of a company cannot drop its own ADMIN role', async ({ page }) => {
  // dealer-b's buyer is its only admin (ADMIN, PURCHASER): the refused change leaves it as it was.
  await signIn(page, DEMO.buyerB)
  await page.goto('/me/users')
  const me = page.getByTestId('user-item').filter({ hasText: DEMO.buyerB })
  await me.click()
  await page.getByTestId('role-ADMIN').click()
  await page.getByTestId('user-roles-save').click()
  await expect(page.getByTestId('user-error')).toContainText('至少要保留一位管理员')
  await page.locator('.van-popup__close-icon').last().click()
  await expect(me.getByTestId('user-roles')).toContainText('管理员')
})
