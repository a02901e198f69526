import { expect, test } from '@playwright/test'
import { api, DEMO, login, screenshot, signIn } from './support'

test('an app token is created with a scope, shown once, and revoked; a webhook is subscribed', async ({ page }, testInfo) => {
  await signIn(page, DEMO.supplierAdmin, 'supplier')
  await page.goto('/supplier/apps')
  const name = `ERP ${Date.now()}`

  await page.getByTestId('token-create').click()
  await page.getByTestId('field-name').locator('input').fill(name)
  await page.getByTestId('scope-orders:read').click()
  await page.getByTestId('app-save').click()
  const token = page.getByTestId('token-value')
  await expect(token).not.toBeEmpty()
  const value = (await token.innerText()).trim()
  // The token works: the API takes it as the app acting for Huaxin.
  const asApp = await api<{ viewer: { organization: { name: string }; scopes: string[] } }>(`{ viewer { organization { name } scopes } }`, {}, value)
  expect(asApp.viewer.scopes).toEqual(['orders:read'])
  await page.getByTestId('secret-close').click()
  await expect(token).toHaveCount(0)

  const app = page.getByTestId('app-row').filter({ hasText: name })
  await expect(app).toHaveAttribute('data-state', 'ACTIVE')
  await expect(app).toContainText('orders:read')
  await expect(app).not.toContainText(value)

  // A webhook for an event kind the app's scope covers.
  await app.getByTestId('webhook-create').click()
  await page.getByTestId('webhook-kind').click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: 'ORDER_PLACED' }).click()
  await page.getByTestId('field-targetUrl').locator('input').fill('https://erp.example.com/hooks/dinghuo')
  await page.getByTestId('webhook-save').click()
  await expect(page.getByTestId('token-value')).not.toBeEmpty()
  await page.getByTestId('secret-close').click()
  await expect(app.getByTestId('webhook-row')).toHaveAttribute('data-kind', 'ORDER_PLACED')
  await expect(page.locator('.el-overlay:visible')).toHaveCount(0)
  await screenshot(page, testInfo, 'supplier-apps')

  await app.getByTestId('token-revoke').click()
  await page.locator('.el-message-box__btns .el-button--primary').click()
  await expect(app).toHaveAttribute('data-state', 'REVOKED')
  await expect(app.getByTestId('token-revoke')).toHaveCount(0)
  const refused = await fetch(new URL('/graphql', page.url()), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${value}` },
    body: JSON.stringify({ query: '{ viewer { scopes } }' }),
  }).then((response) => response.json() as Promise<{ data?: { viewer: unknown } | null; errors?: unknown[] }>)
  expect(refused.errors ?? refused.data?.viewer == null).toBeTruthy()

  // The subscription goes too, so no delivery to the example URL outlives the test.
  await app.getByTestId('webhook-delete').click()
  await page.locator('.el-message-box__btns .el-button--primary').click()
  await expect(app.getByTestId('webhook-row')).toHaveCount(0)
})

test('settings refuse an out-of-range sales discount at its field, and save a valid one', async ({ page }, testInfo) => {
  const admin = await login(DEMO.supplierAdmin)
  const before = await api<{ viewer: { organization: { salesMaxDiscountPercent: string | null } } }>(`{ viewer { organization { salesMaxDiscountPercent } } }`, {}, admin.token)
  await signIn(page, DEMO.supplierAdmin, 'supplier')
  await page.goto('/supplier/settings')
  const form = page.getByTestId('settings-form')
  const discount = form.getByTestId('field-salesMaxDiscountPercent')
  await expect(discount.locator('input')).toHaveValue(before.viewer.organization.salesMaxDiscountPercent ?? '')

  await discount.locator('input').fill('150')
  await page.getByTestId('settings-save').click()
  await expect(discount.locator('.el-form-item__error')).toHaveText('超出允许范围')
  await screenshot(page, testInfo, 'supplier-settings')

  // Saving the value it had works and changes nothing for other tests.
  const kept = before.viewer.organization.salesMaxDiscountPercent ?? '10'
  await discount.locator('input').fill(kept)
  await page.getByTestId('settings-save').click()
  await expect(page.locator('.el-message--success')).toBeVisible()
  await expect(discount.locator('.el-form-item__error')).toHaveCount(0)
})
