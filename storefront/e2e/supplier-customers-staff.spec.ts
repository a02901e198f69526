import { expect, test } from '@playwright/test'
import { uniqueEmail } from './account-fixtures'
import { api, DEMO, login, PASSWORD, screenshot, signIn } from './support'

test('an admin invites a colleague and makes them SALES', async ({ page }, testInfo) => {
  await signIn(page, DEMO.supplierAdmin, 'supplier')
  await page.goto('/supplier/staff')
  await expect(page.getByTestId('staff-row').filter({ hasText: 'admin@huaxin.demo' })).toBeVisible()

  const email = uniqueEmail('staff')
  await page.getByTestId('staff-invite').click()
  await page.getByTestId('field-email').locator('input').fill(email)
  await page.getByTestId('field-name').locator('input').fill('新业务员')
  await page.getByTestId('role-SERVICE').click()
  await page.getByTestId('staff-invite-submit').click()
  const row = page.locator('tr', { has: page.getByTestId('staff-row').filter({ hasText: email }) })
  await expect(row.getByTestId('staff-status')).toHaveText('已邀请')
  await expect(row.getByTestId('staff-roles')).toHaveText('客服')

  await row.getByTestId('staff-edit-roles').click()
  await page.getByTestId('role-SERVICE').click()
  await page.getByTestId('role-SALES').click()
  await page.getByTestId('staff-roles-save').click()
  await expect(page.getByTestId('staff-roles-form')).toBeHidden()
  await expect(row.getByTestId('staff-roles')).toHaveText('业务员')
  await expect(page.locator('.el-overlay:visible')).toHaveCount(0)
  await screenshot(page, testInfo, 'supplier-staff')
})

test("the last admin's ADMIN role cannot be removed; the refusal shows in the form", async ({ page }) => {
  // Huaxin's admin holds only ADMIN, so dropping it always adds another role (OWN_USER). To reach
  // LAST_ADMIN the admin must already hold a second role: a helper admin gives it SERVICE, then goes.
  const admin = await login(DEMO.supplierAdmin)
  const helperEmail = uniqueEmail('helper-admin')
  const created = await api<{ userCreate: { user: { id: string }; userErrors: unknown[] } }>(
    `mutation ($input: UserCreateInput!) { userCreate(input: $input) { user { id } userErrors { field code message } } }`,
    { input: { name: 'E2E 临时管理员', password: PASSWORD, email: helperEmail, roles: [{ role: 'ADMIN' }] } },
    admin.token,
  )
  expect(created.userCreate.userErrors).toEqual([])
  const helper = await login(helperEmail)
  const adminId = (await api<{ viewer: { user: { id: string } } }>(`{ viewer { user { id } } }`, {}, admin.token)).viewer.user.id
  const setRoles = `mutation ($input: UserSetRolesInput!) { userSetRoles(input: $input) { userErrors { field code message } } }`
  const granted = await api<{ userSetRoles: { userErrors: unknown[] } }>(setRoles, { input: { userId: adminId, roles: [{ role: 'ADMIN' }, { role: 'SERVICE' }] } }, helper.token)
  expect(granted.userSetRoles.userErrors).toEqual([])

  try {
    await signIn(page, DEMO.supplierAdmin, 'supplier')
    await page.goto('/supplier/staff')
    // The helper admin is deactivated in the UI, which leaves admin@huaxin.demo the last active admin.
    const helperRow = page.locator('tr', { has: page.getByTestId('staff-row').filter({ hasText: helperEmail }) })
    await helperRow.getByTestId('staff-deactivate').click()
    await page.locator('.el-message-box__btns .el-button--primary').click()
    await expect(helperRow.getByTestId('staff-status')).toHaveText('已停用')

    const me = page.locator('tr', { has: page.getByTestId('staff-row').filter({ hasText: DEMO.supplierAdmin }) })
    await expect(me.getByTestId('staff-roles')).toContainText('客服')
    await me.getByTestId('staff-edit-roles').click()
    await page.getByTestId('role-ADMIN').click()
    await page.getByTestId('staff-roles-save').click()
    await expect(page.getByTestId('staff-roles-form').getByTestId('form-error')).toContainText('至少要保留一位管理员')
    await page.getByTestId('staff-roles-form').locator('.el-dialog__headerbtn').click()
    await expect(me.getByTestId('staff-roles')).toContainText('管理员')
  } finally {
    // Back to the demo's roles: admin@huaxin.demo is ADMIN only (dropping a role it holds is allowed).
    const restored = await api<{ userSetRoles: { userErrors: unknown[] } }>(setRoles, { input: { userId: adminId, roles: [{ role: 'ADMIN' }] } }, admin.token)
    expect(restored.userSetRoles.userErrors).toEqual([])
  }
})
