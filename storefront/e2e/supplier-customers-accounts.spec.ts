import { expect, test, type Page } from '@playwright/test'
import { freshBuyer } from './account-fixtures'
import { api, DEMO, login, screenshot, signIn } from './support'

// A customer's row in the accounts table: the buyer cell carries data-test customer-row.
function accountRow(page: Page, name: string | RegExp) {
  return page.locator('tr', { has: page.getByTestId('customer-row').filter({ hasText: name }) })
}

test('a pending registration is approved in the dashboard, and the buyer then sees the catalog', async ({ page }, testInfo) => {
  // dealer-e stays pending for other specs: a company registered just now is the one approved.
  const { tokens: buyer } = await freshBuyer('approve')
  const suppliersOfBuyer = async () => (await api<{ suppliers: { name: string }[] }>(`{ suppliers { name } }`, {}, buyer.token)).suppliers.map((s) => s.name)
  expect(await suppliersOfBuyer()).not.toContainEqual(expect.stringContaining('华鑫食品'))

  await signIn(page, DEMO.supplierAdmin, 'supplier')
  await page.goto('/supplier/customers')
  await page.getByTestId('status-PENDING').click()
  await expect(page).toHaveURL(/status=PENDING/)
  await expect(page.getByTestId('customer-row').filter({ hasText: 'Dealer E' })).toHaveAttribute('data-status', 'PENDING')
  const fresh = accountRow(page, 'E2E approve 公司').first()
  await expect(fresh.getByTestId('customer-row')).toHaveAttribute('data-status', 'PENDING')
  await expect(page.getByTestId('customer-row').filter({ hasText: 'Dealer A' })).toHaveCount(0)
  await screenshot(page, testInfo, 'supplier-customers')

  const freshName = await fresh.getByTestId('customer-row').locator('a').innerText()
  await fresh.getByTestId('customer-approve').click()
  await page.locator('.el-message-box__btns .el-button--primary').click()
  await expect(page.locator('.el-message--success')).toBeVisible()
  await expect(accountRow(page, freshName)).toHaveCount(0)
  await page.getByTestId('status-APPROVED').click()
  await expect(page.getByTestId('customer-row').filter({ hasText: freshName }).first()).toHaveAttribute('data-status', 'APPROVED')

  await expect.poll(suppliersOfBuyer).toContainEqual(expect.stringContaining('华鑫食品'))
  const supplierId = (await api<{ suppliers: { id: string; name: string }[] }>(`{ suppliers { id name } }`, {}, buyer.token)).suppliers.find((s) => s.name.startsWith('华鑫食品'))!.id
  const products = await api<{ products: { totalCount: number } }>(`query ($id: ID!) { products(supplierId: $id, first: 1) { totalCount } }`, { id: supplierId }, buyer.token)
  expect(products.products.totalCount).toBeGreaterThan(10)
})

test("dealer-a's credit limit is changed and back; a negative limit is refused at its field", async ({ page }, testInfo) => {
  await signIn(page, DEMO.supplierAdmin, 'supplier')
  await page.goto('/supplier/customers')
  const dealerA = accountRow(page, 'Dealer A')
  await expect(dealerA.getByTestId('customer-credit')).toHaveText('¥200,000.00')

  await dealerA.getByTestId('customer-edit').click()
  const form = page.getByTestId('customer-form')
  await expect(form.getByTestId('customer-balance')).not.toContainText('正在读取')
  const credit = form.getByTestId('field-creditLimit')
  await credit.locator('input').fill('-5')
  await page.getByTestId('customer-save').click()
  await expect(credit.locator('.el-form-item__error')).toBeVisible()
  await expect(credit.locator('.el-form-item__error')).not.toBeEmpty()

  await credit.locator('input').fill('180000')
  await page.getByTestId('customer-save').click()
  await expect(form).toBeHidden()
  await expect(dealerA.getByTestId('customer-credit')).toHaveText('¥180,000.00')

  // The account's own page shows the same terms, its balance and its quotas.
  await dealerA.getByTestId('customer-row').locator('a').click()
  await expect(page.getByTestId('customer-title')).toContainText('Dealer A')
  await expect(page.getByTestId('customer-details')).toContainText('¥180,000.00')
  await expect(page.getByTestId('customer-balance')).toContainText('¥')
  await expect(page.getByTestId('customer-quotas')).toBeVisible()
  await expect(page.getByTestId('page-loading')).toHaveCount(0)
  await screenshot(page, testInfo, 'supplier-customer')

  await page.getByTestId('customer-edit').click()
  await page.getByTestId('field-creditLimit').locator('input').fill('200000')
  await page.getByTestId('customer-save').click()
  await expect(page.getByTestId('customer-form')).toBeHidden()
  await expect(page.getByTestId('customer-details')).toContainText('¥200,000.00')
})

test('a sales rep sees only the customers they serve', async ({ page }) => {
  await signIn(page, 'sales1@huaxin.demo', 'supplier')
  await page.goto('/supplier/customers')
  const rows = page.getByTestId('customer-row')
  await expect(rows).toHaveCount(3)
  await expect(rows.filter({ hasText: 'Dealer A' })).toHaveCount(1)
  await expect(rows.filter({ hasText: 'Dealer C' })).toHaveCount(1)
  await expect(rows.filter({ hasText: '东方商贸' })).toHaveCount(1)
  await expect(rows.filter({ hasText: 'Dealer B' })).toHaveCount(0)
  // The server checks too: no customer beyond the rep's own comes back from the API.
  const tokens = await login('sales1@huaxin.demo')
  const data = await api<{ customerAccounts: { totalCount: number } }>(`{ customerAccounts(first: 100) { totalCount } }`, {}, tokens.token)
  expect(data.customerAccounts.totalCount).toBe(3)
})

test("an allocation quota is set for dealer-b's account and removed again", async ({ page }) => {
  const admin = await login(DEMO.supplierAdmin)
  const products = await api<{ products: { nodes: { variants: { sku: string }[] }[] } }>(`{ products(first: 5) { nodes { variants { sku } } } }`, {}, admin.token)
  const sku = products.products.nodes.flatMap((product) => product.variants)[0]!.sku
  await signIn(page, DEMO.supplierAdmin, 'supplier')
  await page.goto('/supplier/customers')
  await accountRow(page, 'Dealer B').getByTestId('customer-row').locator('a').click()
  await expect(page.getByTestId('customer-title')).toContainText('Dealer B')
  const quotas = page.getByTestId('customer-quotas')
  await expect(quotas.getByTestId('quota-row')).toHaveCount(0)

  await quotas.getByTestId('quota-sku').fill('NO-SUCH-SKU')
  await quotas.getByTestId('quota-add').click()
  await expect(quotas.locator('.el-form-item__error')).toContainText('NO-SUCH-SKU')
  await quotas.getByTestId('quota-sku').fill(sku)
  await quotas.getByTestId('quota-new-quantity').locator('input').fill('12')
  await quotas.getByTestId('quota-add').click()
  await expect(quotas.getByTestId('quota-row')).toHaveText(sku)

  await quotas.getByTestId('quota-remove').click()
  await expect(quotas.getByTestId('quota-row')).toHaveCount(0)
})

test('a customer gets an approval flow of its own and follows the default again', async ({ page }, testInfo) => {
  await freshBuyer('flow')
  const admin = await login(DEMO.supplierAdmin)
  const accountId = await freshAccountId(admin.token, 'E2E flow 公司')
  const flows = (await api<{ approvalFlows: { id: string; name: string; isDefault: boolean }[] }>(`{ approvalFlows { id name isDefault } }`, {}, admin.token)).approvalFlows
  const defaultFlow = flows.find((flow) => flow.isDefault)!
  const flowOf = async () =>
    (await api<{ customerAccount: { approvalFlowId: string | null; approvalFlowAssigned: boolean } }>(`query ($id: ID!) { customerAccount(id: $id) { approvalFlowId approvalFlowAssigned } }`, { id: accountId }, admin.token))
      .customerAccount

  await signIn(page, DEMO.supplierAdmin, 'supplier')
  await page.goto(`/supplier/customers/${accountId}`)
  const card = page.getByTestId('customer-flow')
  await expect(card).toHaveAttribute('data-source', 'default')
  await expect(card.getByTestId('customer-flow-name')).toHaveText(defaultFlow.name)

  await card.getByTestId('customer-flow-select').click()
  await page.getByTestId('customer-flow-option').filter({ hasText: defaultFlow.name }).click()
  await expect(card).toHaveAttribute('data-source', 'own')
  expect(await flowOf()).toEqual({ approvalFlowId: defaultFlow.id, approvalFlowAssigned: true })
  await screenshot(page, testInfo, 'supplier-customer-flow')

  await card.getByTestId('customer-flow-select').click()
  await page.getByTestId('customer-flow-inherit').click()
  await expect(card).toHaveAttribute('data-source', 'default')
  expect(await flowOf()).toEqual({ approvalFlowId: defaultFlow.id, approvalFlowAssigned: false })
})

/** The id of the newest customer account whose buyer has this name. */
async function freshAccountId(token: string, name: string): Promise<string> {
  const found = await api<{ customerAccounts: { nodes: { id: string; buyer: { name: string } }[] } }>(
    `{ customerAccounts(first: 20, sort: NEWEST) { nodes { id buyer { name } } } }`,
    {},
    token,
  )
  return found.customerAccounts.nodes.find((node) => node.buyer.name === name)!.id
}
