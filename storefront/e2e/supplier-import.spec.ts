import { expect, test } from '@playwright/test'
import { adminToken, staffVariant } from './supplier-catalog-helpers'
import { api, DEMO, screenshot, signIn } from './support'

/** A products file as a supplier keeps it: one row per SKU, Chinese headers, stock per warehouse. */
function productsCsv(stamp: string, price: string): string {
  return [
    '商品编码,商品名称,分类,品牌,规格编码,规格,价格,单位,起订量,库存:SH',
    `E2E-${stamp},导入测试乌龙茶 ${stamp},茶饮料 Tea drinks,华鑫 Huaxin,E2E-${stamp}-12,500ml×12,${price},箱,1,40`,
    `E2E-${stamp},导入测试乌龙茶 ${stamp},茶饮料 Tea drinks,华鑫 Huaxin,E2E-${stamp}-24,500ml×24,79.00,箱,2,25`,
  ].join('\n')
}

test('the admin uploads a products file with a bad row, fixes it, imports it and finds the products', async ({ page }, testInfo) => {
  const stamp = Date.now().toString(36).toUpperCase()
  const admin = await adminToken()
  try {
    await signIn(page, DEMO.supplierAdmin, 'supplier')
    await page.goto('/supplier/imports')
    const panel = page.getByTestId('import-panel')
    await expect(panel).toBeVisible()

    await page.getByTestId('import-file').setInputFiles({ name: 'products.csv', mimeType: 'text/csv', buffer: Buffer.from(productsCsv(stamp, '四十二')) })
    await expect(page.getByTestId('import-file-name')).toHaveText('products.csv')
    await page.getByTestId('import-check').click()
    const errors = page.getByTestId('import-row-errors')
    await expect(errors).toBeVisible()
    await expect(errors.locator('.el-table__row')).toHaveCount(1)
    await expect(errors.locator('.el-table__row').first()).toContainText('2')
    await expect(errors.locator('.el-table__row').first()).toContainText('basePrice')
    await expect(page.getByTestId('import-confirm')).toBeDisabled()
    await screenshot(page, testInfo, 'supplier-import-row-errors')
    expect(await staffVariant(admin, `E2E-${stamp}-12`).catch(() => null)).toBeNull()

    await page.getByTestId('import-file').setInputFiles({ name: 'products.csv', mimeType: 'text/csv', buffer: Buffer.from(productsCsv(stamp, '42.00')) })
    await page.getByTestId('import-check').click()
    await expect(page.getByTestId('import-would')).toContainText(/1/)
    await screenshot(page, testInfo, 'supplier-import-dry-run')
    await page.getByTestId('import-confirm').click()
    await expect(page.getByTestId('import-done')).toBeVisible()
    await screenshot(page, testInfo, 'supplier-import-done')

    await page.goto('/supplier/products')
    await page.getByTestId('product-search').fill(`E2E-${stamp}`)
    await page.getByTestId('product-search').press('Enter')
    await expect(page.getByTestId('product-row').filter({ hasText: `导入测试乌龙茶 ${stamp}` })).toHaveCount(1)
    await screenshot(page, testInfo, 'supplier-import-products')
    const variant = await staffVariant(admin, `E2E-${stamp}-24`)
    expect(variant.stockLevels.find((level) => level.warehouse.code === 'SH')?.onHand).toBe(25)
  } finally {
    await archiveImported(admin, stamp)
  }
})

/** The demo catalog is shared by the specs: take the imported product off it again. */
async function archiveImported(token: string, stamp: string): Promise<void> {
  const found = await api<{ products: { nodes: { id: string }[] } }>(
    `query ($search: String!) { products(first: 5, filter: { search: $search }) { nodes { id } } }`,
    { search: `E2E-${stamp}` },
    token,
  )
  for (const product of found.products.nodes) {
    await api(`mutation ($input: ProductArchiveInput!) { productArchive(input: $input) { userErrors { code } } }`, { input: { productId: product.id } }, token)
  }
}
