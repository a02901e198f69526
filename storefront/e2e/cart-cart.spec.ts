import { expect, test } from '@playwright/test'
import { addLines, amountOf, buyerWithEmptyCart, catalogVariants, plainVariants } from './cart-helpers'
import { api, DEMO, login, screenshot } from './support'

test('below 1000 the cart hints at the 满1000减100 promotion; a bigger quantity reaches it and the totals follow', async ({ page }, testInfo) => {
  const buyer = await buyerWithEmptyCart(page)
  // A plain variant priced so that 2 stay below ¥1,000 and 20 pass it.
  const variant = plainVariants(await catalogVariants(buyer)).find((v) => {
    const price = Number(v.price?.amount)
    return price * 2 < 900 && price * 20 > 1100 && v.available >= 20
  })
  if (!variant) throw new Error('no suitable variant in the demo catalog')
  await addLines(buyer, [{ variantId: variant.id, quantity: 2 }])

  await page.goto('/cart')
  const line = page.getByTestId('cart-line')
  await expect(line).toHaveCount(1)
  await expect(line).toContainText(variant.sku)
  await expect(page.getByTestId('cart-hint').filter({ hasText: '可减¥100.00' })).toContainText('再买¥')
  await expect(page.getByTestId('cart-promotion')).toHaveCount(0)
  await expect(page.getByTestId('go-checkout')).toBeEnabled()
  const smallSubtotal = amountOf(await page.getByTestId('cart-subtotal').textContent())

  // Type a new quantity in the stepper: the cart answers with new totals.
  const stepperInput = line.getByTestId('cart-line-quantity').locator('input')
  await stepperInput.fill('20')
  await stepperInput.blur()
  const promotion = page.getByTestId('cart-promotion').filter({ hasText: '全场满1000减100' })
  await expect(promotion).toBeVisible()
  await expect(promotion).toContainText('满¥1,000.00减¥100.00')
  await expect(promotion).toContainText('-¥100.00')
  await expect(page.getByTestId('cart-hint').filter({ hasText: '可减¥100.00' })).toHaveCount(0)

  const subtotal = amountOf(await page.getByTestId('cart-subtotal').textContent())
  const discount = Math.abs(amountOf(await page.getByTestId('cart-discount').textContent()))
  const total = amountOf(await page.getByTestId('cart-total').textContent())
  expect(subtotal).toBeCloseTo(smallSubtotal * 10, 2)
  expect(discount).toBeGreaterThanOrEqual(100)
  expect(total).toBeCloseTo(subtotal - discount, 2)
  await expect(page.getByTestId('cart-bar-total')).toHaveText(await page.getByTestId('cart-total').innerText())
  await screenshot(page, testInfo, 'cart')

  // Removing the line empties the cart.
  await line.getByTestId('cart-line-remove').click()
  await expect(page.getByTestId('cart-empty')).toBeVisible()
  await expect(page.getByTestId('cart-badge')).toHaveCount(0)
})

test('a gift the cart earns is listed, and clearing the cart asks first', async ({ page }) => {
  const buyer = await buyerWithEmptyCart(page)
  const water = (await catalogVariants(buyer, 100)).find((v) => v.promotions.some((p) => p.name.includes('买10送1')))
  if (!water) throw new Error('the demo has no buy-10-get-1 promotion')
  await addLines(buyer, [{ variantId: water.id, quantity: 10 }])

  await page.goto('/cart')
  await expect(page.getByTestId('cart-gift')).toContainText(water.productName)
  await expect(page.getByTestId('cart-promotion').filter({ hasText: '买10送1' })).toBeVisible()

  await page.getByTestId('cart-clear').click()
  await page.getByRole('button', { name: '确认' }).click()
  await expect(page.getByTestId('cart-empty')).toBeVisible()
})

test('a line the stock no longer covers shows its warning, and checkout is held back with the reason', async ({ page }) => {
  const buyer = await buyerWithEmptyCart(page)
  const variant = plainVariants(await catalogVariants(buyer))[0]
  if (!variant) throw new Error('no plain variant in the demo catalog')
  await addLines(buyer, [{ variantId: variant.id, quantity: 5 }])

  // The supplier takes stock away until 2 are left (and puts it back afterwards: the demo is shared).
  const { token: admin } = await login(DEMO.supplierAdmin)
  const { node } = await api<{ node: { stockLevels: { warehouse: { id: string }; available: number }[] } }>(
    `query ($id: ID!) { node(id: $id) { ... on Variant { stockLevels { warehouse { id } available } } } }`,
    { id: variant.id },
    admin,
  )
  const changes = node.stockLevels.map((level, index) => ({ warehouseId: level.warehouse.id, change: -(level.available - (index === 0 ? 2 : 0)) }))
  const adjust = async (sign: 1 | -1) => {
    for (const { warehouseId, change } of changes) {
      const data = await api<{ stockAdjust: { userErrors: unknown[] } }>(
        `mutation ($input: StockAdjustInput!) { stockAdjust(input: $input) { userErrors { code message } } }`,
        { input: { variantId: variant.id, warehouseId, change: sign * change, reason: 'e2e: cart warning' } },
        admin,
      )
      expect(data.stockAdjust.userErrors).toEqual([])
    }
  }
  await adjust(1)
  try {
    await page.goto('/cart')
    await expect(page.getByTestId('cart-line').getByTestId('cart-warning')).toHaveText(/库存不足，目前仅有 2/)
    await expect(page.getByTestId('go-checkout')).toBeDisabled()
    await expect(page.getByTestId('checkout-blocked')).toContainText('请先处理标红的商品')

    // Down to what is there: the warning goes, checkout is open again.
    const stepperInput = page.getByTestId('cart-line-quantity').locator('input')
    await stepperInput.fill('2')
    await stepperInput.blur()
    await expect(page.getByTestId('cart-warning')).toHaveCount(0)
    await expect(page.getByTestId('go-checkout')).toBeEnabled()
  } finally {
    await adjust(-1)
  }
})
