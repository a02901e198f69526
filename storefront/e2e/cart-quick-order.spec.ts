import { expect, test } from '@playwright/test'
import { buyerWithEmptyCart, cartLines, catalogVariants, plainVariants } from './cart-helpers'
import { screenshot } from './support'

test('pasted "SKU quantity" lines: the good ones go in the cart, the bad ones are reported by line and stay in the pad', async ({ page }, testInfo) => {
  const buyer = await buyerWithEmptyCart(page)
  const [first, second] = plainVariants(await catalogVariants(buyer))
  if (!first || !second) throw new Error('the demo catalog has no two plain variants')

  await page.goto('/quick-order')
  const pad = page.getByTestId('quick-order-text').locator('textarea')
  await pad.fill([`${first.sku} 2`, 'NO-SUCH-SKU-42\t3', `${second.sku}×1`, '', `${first.sku}，1`, 'just words'].join('\n'))
  await page.getByTestId('quick-order-add').click()

  const results = page.getByTestId('quick-order-result')
  await expect(results).toHaveCount(4)
  await expect(results.filter({ hasText: '第 1、5 行' })).toContainText(`${first.sku} × 3 已加入`)
  await expect(results.filter({ hasText: '第 2 行' })).toContainText('NO-SUCH-SKU-42：没有这个 SKU')
  await expect(results.filter({ hasText: '第 3 行' })).toContainText(`${second.sku} × 1 已加入`)
  await expect(results.filter({ hasText: '第 6 行' })).toContainText('“just words”：数量须为正整数')
  // Only the lines to fix stay in the pad.
  await expect(pad).toHaveValue('NO-SUCH-SKU-42\t3\njust words')
  await expect(page.getByTestId('cart-badge')).toHaveText('2')
  await screenshot(page, testInfo, 'quick-order')

  expect(await cartLines(buyer)).toEqual(
    expect.arrayContaining([
      { sku: first.sku, quantity: 3 },
      { sku: second.sku, quantity: 1 },
    ]),
  )
  expect(await cartLines(buyer)).toHaveLength(2)
})

test('the catalog grid: Enter moves to the next row, a bad row says why, add all adds every filled row in one go', async ({ page }, testInfo) => {
  const buyer = await buyerWithEmptyCart(page)
  const variants = await catalogVariants(buyer)
  const packed = variants.find((v) => v.orderMultiple > 1 && v.minOrderQuantity === v.orderMultiple && v.available >= v.orderMultiple * 2)
  if (!packed) throw new Error('the demo catalog has no variant sold in packs')

  await page.goto('/quick-order?tab=grid')
  const quantities = page.getByTestId('catalog-grid-qty')
  await expect(quantities.first()).toBeVisible()
  const plainSkus = new Set(plainVariants(variants).map((v) => v.sku))
  // The first two plain rows the grid shows, in its order.
  const skus = await quantities.evaluateAll((inputs) => inputs.map((input) => input.getAttribute('data-sku') ?? ''))
  const plainRows = skus.flatMap((sku, index) => (plainSkus.has(sku) ? [index] : []))
  const [a, b] = plainRows
  if (a === undefined || b === undefined) throw new Error('no two plain rows on the grid')

  await quantities.nth(a).fill('2')
  await quantities.nth(a).press('Enter')
  await expect(quantities.nth(a + 1)).toBeFocused()
  await quantities.nth(b).fill('1')
  await quantities.nth(b).press('Enter')
  await expect(quantities.nth(b + 1)).toBeFocused()

  // One row below its pack size: nothing is added, that row says why, the others keep their quantities.
  const packedInput = page.locator(`[data-test="catalog-grid-qty"][data-sku="${packed.sku}"]`)
  await packedInput.fill(String(packed.orderMultiple - 1 || 1))
  await page.getByTestId('catalog-grid-add').click()
  await expect(page.getByTestId('catalog-grid-error')).toContainText(packed.sku)
  expect(await cartLines(buyer)).toEqual([])
  await expect(quantities.nth(a)).toHaveValue('2')
  // The grid is long: the phone's view of it, not the whole page.
  await page.screenshot({ path: `test-results/screenshots/quick-order-grid-${testInfo.project.name}.png` })

  await packedInput.fill(String(packed.orderMultiple))
  await page.getByTestId('catalog-grid-add').click()
  await expect(page.getByTestId('catalog-grid-added')).toContainText('已加入 3 种商品')
  await expect(page.getByTestId('catalog-grid-error')).toHaveCount(0)
  await expect(quantities.nth(a)).toHaveValue('')
  await expect(page.getByTestId('cart-badge')).toHaveText('3')
  const lines = await cartLines(buyer)
  expect(lines).toHaveLength(3)
  expect(lines).toEqual(
    expect.arrayContaining([
      { sku: skus[a], quantity: 2 },
      { sku: skus[b], quantity: 1 },
      { sku: packed.sku, quantity: packed.orderMultiple },
    ]),
  )
})
