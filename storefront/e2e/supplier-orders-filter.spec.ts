import { expect, test } from '@playwright/test'
import { api, DEMO, login, signIn } from './support'

test('the admin narrows the board to one sales rep’s customers', async ({ page }) => {
  const admin = await login(DEMO.supplierAdmin)
  const { users } = await api<{ users: { nodes: { name: string; email: string }[] } }>(
    '{ users(first: 100, filter: { role: SALES }) { nodes { name email } } }',
    {},
    admin.token,
  )
  const sales2 = users.nodes.find((user) => user.email === 'sales2@huaxin.demo')!
  await signIn(page, DEMO.supplierAdmin, 'supplier')
  await page.goto('/supplier/')
  const rows = page.getByTestId('board-row')
  await expect(rows.filter({ hasText: 'Dealer A' }).first()).toBeVisible()

  await page.getByTestId('board-filter-sales-rep').click()
  await page.locator('.el-select-dropdown__item', { hasText: sales2.name }).click()
  await expect(rows.filter({ hasText: 'Dealer A' })).toHaveCount(0)
  await expect(rows.filter({ hasText: 'Dealer B' }).first()).toBeVisible()
})

test('a sales rep is not offered the sales-rep filter', async ({ page }) => {
  await signIn(page, 'sales1@huaxin.demo', 'supplier')
  await page.goto('/supplier/')
  await expect(page.getByTestId('board-row').first()).toBeVisible()
  await expect(page.getByTestId('board-filter-sales-rep')).toHaveCount(0)
})
