import { expect, test } from '@playwright/test'
import { adminToken, staffVariant } from './supplier-catalog-helpers'
import { api, DEMO, screenshot, signIn } from './support'

const SKU = 'HX-DA-009-6'
const ADJUST = `mutation ($input: StockAdjustInput!) { stockAdjust(input: $input) { userErrors { code message } } }`
const THRESHOLD = `mutation ($input: StockSetThresholdInput!) { stockSetThreshold(input: $input) { userErrors { code message } } }`

test('the admin adjusts a variant’s stock in a warehouse and sees the low-stock list', async ({ page }, testInfo) => {
  const admin = await adminToken()
  const variant = await staffVariant(admin, SKU)
  const shanghai = variant.stockLevels.find((level) => level.warehouse.code === 'SH')!
  const before = shanghai.onHand
  let adjusted = false
  // A threshold above what is there puts the variant on the low-stock list.
  await api(THRESHOLD, { input: { variantId: variant.id, warehouseId: shanghai.warehouse.id, threshold: 100000 } }, admin)
  try {
    await signIn(page, DEMO.supplierAdmin, 'supplier')
    await page.goto('/supplier/stock')
    await expect(page.getByTestId('low-stock')).toContainText(SKU)

    await page.getByTestId('stock-search').fill(SKU)
    await page.getByTestId('stock-search').press('Enter')
    const row = page.locator('tr', { has: page.locator(`[data-test="stock-row"][data-sku="${SKU}"][data-warehouse="SH"]`) })
    await expect(row.getByTestId('stock-on-hand')).toHaveText(String(before))
    await screenshot(page, testInfo, 'supplier-stock')

    await row.getByTestId('stock-adjust').click()
    const dialog = page.getByTestId('stock-adjust-form')
    await dialog.getByTestId('field-change').locator('input').fill('7')
    // No reason: the server asks for one next to its field.
    await page.getByTestId('stock-adjust-submit').click()
    await expect(dialog.getByTestId('field-reason').locator('.el-form-item__error')).toHaveText('此项必填')
    await dialog.getByTestId('field-reason').locator('input').fill('E2E 盘点')
    await dialog.getByTestId('field-threshold').locator('input').fill('')
    await page.getByTestId('stock-adjust-submit').click()
    await expect(dialog).toBeHidden()
    adjusted = true
    await expect(row.getByTestId('stock-on-hand')).toHaveText(String(before + 7))
    const after = await staffVariant(admin, SKU)
    expect(after.stockLevels.find((level) => level.warehouse.code === 'SH')?.onHand).toBe(before + 7)
    // The threshold was cleared in the same dialog: off the low-stock list.
    expect(after.stockLevels.find((level) => level.warehouse.code === 'SH')?.lowStockThreshold).toBeNull()
    await expect(page.getByTestId('low-stock')).not.toContainText(SKU)
  } finally {
    if (adjusted) await api(ADJUST, { input: { variantId: variant.id, warehouseId: shanghai.warehouse.id, change: -7, reason: 'E2E 还原' } }, admin)
    await api(THRESHOLD, { input: { variantId: variant.id, warehouseId: shanghai.warehouse.id, threshold: shanghai.lowStockThreshold } }, admin)
  }
})
