import { expect, test } from '@playwright/test'
import { api, DEMO, login, screenshot, signIn } from './support'
import { dashboardContext } from './support-contexts'

/** A month as the API names it, `offset` months from this one: the demo has reports for the two
 * months before this one only, and each test reports a month of its own so the totals stay its own. */
function month(offset = 0): string {
  const day = new Date()
  day.setDate(1)
  day.setMonth(day.getMonth() + offset)
  return `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}`
}

async function dealerA(): Promise<{ name: string; skus: { sku: string; product: string }[] }> {
  const { token } = await login(DEMO.buyerA)
  const data = await api(`{ viewer { organization { name } } products(first: 2) { nodes { name variants { sku } } } }`, {}, token)
  const products = data.products.nodes as { name: string; variants: { sku: string }[] }[]
  const skus = products.flatMap((p) => p.variants.slice(0, 1).map((v) => ({ sku: v.sku, product: p.name })))
  return { name: data.viewer.organization.name as string, skus }
}

function csv(rows: (string | number)[][]): { name: string; mimeType: string; buffer: Buffer } {
  const text = ['商品编码,销量,库存', ...rows.map((row) => row.join(','))].join('\r\n')
  return { name: '信息上报.csv', mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') }
}

test('dealer-a uploads a sell-through file, sees its rows and row errors, and the supplier sees the report', async ({ browser, page }, testInfo) => {
  test.setTimeout(120_000)
  const period = month()
  const dealer = await dealerA()
  const [first, second] = dealer.skus
  if (!first || !second) throw new Error('the demo catalog has fewer than two products with variants')
  await signIn(page, DEMO.buyerA)
  await page.goto('/sell-through')
  await page.getByTestId('st-period').selectOption(period)

  // The template lists the SKUs dealer-a may report.
  const download = page.waitForEvent('download')
  await page.getByTestId('st-template').click()
  expect((await download).suggestedFilename()).toBe('sell-through-template.xlsx')

  // A bad row: the dry run lists every row it read and says which row and column are wrong.
  await page.getByTestId('st-file').setInputFiles(csv([[first.sku, 40, 25], ['NO-SUCH-SKU', 3, 1], [second.sku, -2, 8]]))
  await expect(page.getByTestId('st-rows')).toBeVisible()
  await expect(page.getByTestId('st-row')).toHaveCount(3)
  await expect(page.getByTestId('st-row-error')).toHaveCount(2)
  await expect(page.getByTestId('st-row-error').first()).toContainText('第 3 行')
  await expect(page.getByTestId('st-row-error').first()).toContainText('商品编码')
  await expect(page.getByTestId('st-row-error').last()).toContainText('第 4 行')
  await expect(page.getByTestId('st-confirm')).toHaveCount(0)
  await screenshot(page, testInfo, 'sellthrough-row-errors')

  // A good file: the rows read, then confirmed; the report is in the history.
  await page.getByTestId('st-file').setInputFiles(csv([[first.sku, 40, 25], [second.sku, 20, 8]]))
  await expect(page.getByTestId('st-row-error')).toHaveCount(0)
  await expect(page.getByTestId('st-row')).toHaveCount(2)
  await expect(page.getByTestId('st-row').first()).toContainText(first.product)
  await screenshot(page, testInfo, 'sellthrough-rows')
  await page.getByTestId('st-confirm').click()
  await expect(page.locator('.van-toast')).toContainText(`${period} 已上报`)
  const report = page.getByTestId('st-report').filter({ hasText: period })
  await expect(report).toContainText('销量 60')
  await expect(report).toContainText('库存 33')
  await screenshot(page, testInfo, 'sellthrough-history')

  // The supplier's analysis of this month shows dealer-a's figures.
  const dashboard = await dashboardContext(browser)
  const supplier = await dashboard.newPage()
  await signIn(supplier, DEMO.supplierAdmin, 'supplier')
  await supplier.goto('/supplier/sell-through')
  await supplier.getByTestId('st-period').click()
  await supplier.locator('.el-select-dropdown__item').filter({ hasText: period }).click()
  await expect(supplier.getByTestId('st-total-sold')).toHaveText('60')
  await expect(supplier.getByTestId('st-total-stock')).toHaveText('33')
  await expect(supplier.getByTestId('st-dealer').first()).toHaveText(dealer.name)
  await expect(supplier.getByTestId('st-region-chart').locator('canvas')).toBeVisible()
  await screenshot(supplier, testInfo, 'supplier-sellthrough')
  await dashboard.close()
})

test('dealer-b enters a month by hand: a SKU found by search, a blank number refused at its line, then reported', async ({ page }, testInfo) => {
  const period = month(-3)
  const { token } = await login(DEMO.buyerB)
  const data = await api(`{ products(first: 1) { nodes { name variants { sku } } } }`, {}, token)
  const sku = (data.products.nodes[0].variants[0] as { sku: string }).sku
  await signIn(page, DEMO.buyerB)
  await page.goto('/sell-through')
  await page.getByTestId('st-period').selectOption(period)
  await page.getByRole('tab', { name: '手工录入' }).click()
  await page.getByTestId('st-sku-search').locator('input').fill(sku)
  await page.getByTestId('st-sku-candidate').filter({ hasText: sku }).getByRole('button').click()
  await expect(page.getByTestId('st-line')).toHaveCount(1)
  await page.getByTestId('st-line-sold').locator('input').fill('31')
  await page.getByTestId('st-submit').click()
  // The stock left blank is refused at its own line; nothing is saved.
  await expect(page.getByTestId('st-line-stock')).toContainText('超出允许范围')
  await page.getByTestId('st-line-stock').locator('input').fill('10')
  await page.getByTestId('st-submit').click()
  await expect(page.locator('.van-toast')).toContainText(`${period} 已上报`)
  await expect(page.getByTestId('st-report').filter({ hasText: period })).toContainText('销量 31')
  await screenshot(page, testInfo, 'sellthrough-manual')
})
