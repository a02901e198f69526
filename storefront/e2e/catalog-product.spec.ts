import { expect, test, type Page } from '@playwright/test'
import { api, DEMO, login, screenshot, signIn, type Tokens } from './support'

interface Ids {
  supplierId: string
  productIds: Record<string, string>
  variantIds: Record<string, string>
}

/** The supplier, and the products and variants these tests use, looked up by name and SKU through the API. */
async function lookUp(tokens: Tokens, searches: string[]): Promise<Ids> {
  const { suppliers } = await api<{ suppliers: { id: string }[] }>('{ suppliers { id } }', {}, tokens.token)
  const supplierId = suppliers[0]?.id ?? ''
  const productIds: Record<string, string> = {}
  const variantIds: Record<string, string> = {}
  for (const search of searches) {
    const data = await api<{ products: { nodes: { id: string; variants: { id: string; sku: string }[] }[] } }>(
      'query ($s: ID!, $q: String!) { products(supplierId: $s, first: 5, filter: { search: $q }) { nodes { id variants { id sku } } } }',
      { s: supplierId, q: search },
      tokens.token,
    )
    const product = data.products.nodes[0]
    if (!product) throw new Error(`no product for ${search}`)
    productIds[search] = product.id
    for (const variant of product.variants) variantIds[variant.sku] = variant.id
  }
  return { supplierId, productIds, variantIds }
}

async function clearCart(tokens: Tokens, supplierId: string) {
  await api('mutation ($input: CartClearInput!) { cartClear(input: $input) { userErrors { code } } }', { input: { supplierId } }, tokens.token)
}

async function cartLines(tokens: Tokens, supplierId: string) {
  const data = await api<{ cart: { lines: { quantity: number; variant: { sku: string } }[] } }>(
    'query ($s: ID!) { cart(supplierId: $s) { lines { quantity variant { sku } } } }',
    { s: supplierId },
    tokens.token,
  )
  return data.cart.lines.map((line) => ({ sku: line.variant.sku, quantity: line.quantity }))
}

async function setFavorite(tokens: Tokens, supplierId: string, variantId: string, on: boolean) {
  const mutation = on ? 'favoriteAdd' : 'favoriteRemove'
  await api(`mutation ($input: FavoriteInput!) { ${mutation}(input: $input) { userErrors { code } } }`, { input: { supplierId, variantId } }, tokens.token)
}

async function openProduct(page: Page, search: string) {
  await page.goto(`/catalog?q=${encodeURIComponent(search)}`)
  await page.getByTestId('product-card').first().click()
  await expect(page).toHaveURL(/\/products\//)
}

test('the product page shows the tier-A price with its reason, the base price, volume breaks, stock and promotions', async ({ page }, testInfo) => {
  await signIn(page, DEMO.buyerA)
  await openProduct(page, '天然矿泉水')
  // dealer-a is tier A: 90% of the base ¥28.80.
  await expect(page.getByTestId('product-price')).toContainText('¥25.92')
  await expect(page.getByTestId('product-price')).toContainText('¥28.80')
  await expect(page.getByTestId('price-reason')).toContainText('A级客户 90%')
  const breaks = page.getByTestId('volume-breaks')
  await expect(breaks).toContainText('¥24.75')
  await expect(breaks).toContainText('¥23.40')
  await expect(page.getByTestId('stock')).toContainText('有货')
  await expect(page.getByTestId('promotion-badges')).toContainText('矿泉水买10送1')
  await screenshot(page, testInfo, 'product')
})

test('choosing a variant shows its own price, rules and stock; a sold-out product says so', async ({ page }) => {
  await signIn(page, DEMO.buyerA)
  await openProduct(page, '黄油曲奇')
  await expect(page.getByTestId('variant-option')).toHaveCount(2)
  await page.getByTestId('variant-option').filter({ hasText: '单罐' }).click()
  await expect(page.getByTestId('variant-option').filter({ hasText: '单罐' })).toHaveAttribute('aria-checked', 'true')
  await expect(page.getByTestId('product-price')).toContainText('¥55.80')
  await expect(page.getByTestId('order-rules')).toContainText('6罐起订')

  await openProduct(page, '开心果')
  await expect(page.getByTestId('out-of-stock')).toBeVisible()
})

test('add to cart adds the line, and a quantity below the minimum shows the error next to the stepper', async ({ page }) => {
  const tokens = await signIn(page, DEMO.buyerA)
  const ids = await lookUp(tokens, ['黄油曲奇'])
  await clearCart(tokens, ids.supplierId)

  await openProduct(page, '黄油曲奇')
  await page.getByTestId('variant-option').filter({ hasText: '单罐' }).click()
  const stepper = page.getByTestId('quantity-stepper').locator('input')
  await expect(stepper).toHaveValue('6')
  await stepper.fill('3')
  await stepper.blur()
  await page.getByTestId('add-to-cart').click()
  await expect(page.getByTestId('quantity-error')).toContainText('低于起订量')
  expect(await cartLines(tokens, ids.supplierId)).toEqual([])

  await stepper.fill('12')
  await stepper.blur()
  await expect(page.getByTestId('quantity-error')).toHaveCount(0)
  await page.getByTestId('add-to-cart').click()
  await expect(page.getByText('已加入购物车')).toBeVisible()
  await expect.poll(() => cartLines(tokens, ids.supplierId)).toEqual([{ sku: 'HX-SN-009-1', quantity: 12 }])
  await clearCart(tokens, ids.supplierId)
})

test('the favourite toggle persists across a reload', async ({ page }) => {
  const tokens = await signIn(page, DEMO.buyerA)
  const ids = await lookUp(tokens, ['苹果汁'])
  const variantId = ids.variantIds['HX-DR-009-6'] ?? ''
  await setFavorite(tokens, ids.supplierId, variantId, false)

  await page.goto(`/products/${ids.productIds['苹果汁']}`)
  const toggle = page.getByTestId('favorite-toggle')
  await expect(toggle).toHaveAttribute('aria-pressed', 'false')
  await toggle.click()
  await expect(toggle).toHaveAttribute('aria-pressed', 'true')
  await page.reload()
  await expect(page.getByTestId('favorite-toggle')).toHaveAttribute('aria-pressed', 'true')

  await page.getByTestId('favorite-toggle').click()
  await expect(page.getByTestId('favorite-toggle')).toHaveAttribute('aria-pressed', 'false')
  await page.reload()
  await expect(page.getByTestId('favorite-toggle')).toHaveAttribute('aria-pressed', 'false')
})

test('the quota left this cycle shows when the supplier set one', async ({ page }) => {
  const tokens = await signIn(page, DEMO.buyerA)
  const ids = await lookUp(tokens, ['玉米油'])
  const accounts = await api<{ customerAccounts: { nodes: { id: string }[] } }>(
    'query ($s: ID!) { customerAccounts(first: 1, filter: { supplierId: $s }) { nodes { id } } }',
    { s: ids.supplierId },
    tokens.token,
  )
  const admin = await login(DEMO.supplierAdmin)
  const quota = { variantId: ids.variantIds['HX-PA-003-4'], customerAccountId: accounts.customerAccounts.nodes[0]?.id }
  const set = (quantity: number | null) =>
    api('mutation ($input: AllocationQuotasSetInput!) { allocationQuotasSet(input: $input) { userErrors { code message } } }', { input: { quotas: [{ ...quota, quantity }] } }, admin.token)
  await set(40)
  try {
    await page.goto(`/products/${ids.productIds['玉米油']}`)
    await expect(page.getByTestId('quota-left')).toContainText('40 / 40')
  } finally {
    await set(null)
  }
})

test('a product that does not exist shows not-found', async ({ page }) => {
  await signIn(page, DEMO.buyerA)
  await page.goto('/products/UHJvZHVjdDo5OTk5OQ')
  await expect(page.getByTestId('not-found')).toBeVisible()
  await page.goto('/products/not-an-id')
  await expect(page.getByTestId('not-found')).toBeVisible()
})

test('home shows the supplier, categories and what the buyer orders most; favourites list, add and remove', async ({ page }, testInfo) => {
  const tokens = await signIn(page, DEMO.buyerA)
  const ids = await lookUp(tokens, ['苏打饼干', '陈醋'])
  await clearCart(tokens, ids.supplierId)
  for (const sku of ['HX-SN-008-12', 'HX-PA-009-12']) await setFavorite(tokens, ids.supplierId, ids.variantIds[sku] ?? '', true)

  await page.goto('/')
  await expect(page.getByTestId('current-supplier')).toContainText('华鑫食品')
  await expect(page.getByTestId('home-category')).toHaveCount(4)
  await expect(page.getByTestId('frequently-bought').getByTestId('variant-offer').first()).toBeVisible()
  await screenshot(page, testInfo, 'home')
  await page.getByTestId('home-category').filter({ hasText: '乳制品' }).click()
  await expect(page).toHaveURL(/\/catalog\?category=/)
  await expect(page.getByTestId('catalog-count')).toHaveText('共 9 件商品')

  await page.goto('/')
  await page.getByTestId('home-favorites').click()
  await expect(page).toHaveURL(/\/favorites$/)
  const item = page.getByTestId('favorite-item').filter({ hasText: 'HX-SN-008-12' })
  await expect(item).toBeVisible()
  await expect(item).toContainText('¥86.40')
  await screenshot(page, testInfo, 'favorites')
  await item.getByTestId('add-to-cart').click()
  await expect.poll(() => cartLines(tokens, ids.supplierId)).toEqual([{ sku: 'HX-SN-008-12', quantity: 1 }])

  await page.getByTestId('favorite-item').filter({ hasText: 'HX-PA-009-12' }).getByTestId('favorite-remove').click()
  await expect(page.getByTestId('favorite-item').filter({ hasText: 'HX-PA-009-12' })).toHaveCount(0)
  await page.reload()
  await expect(page.getByTestId('favorite-item').filter({ hasText: 'HX-SN-008-12' })).toBeVisible()
  await expect(page.getByTestId('favorite-item').filter({ hasText: 'HX-PA-009-12' })).toHaveCount(0)
  // A favourite knows no product name (the API's Variant has none): its title finds it in the catalog by SKU.
  await page.getByTestId('favorite-item').filter({ hasText: 'HX-SN-008-12' }).getByTestId('offer-title').click()
  await expect(page).toHaveURL(/\/catalog\?q=HX-SN-008-12$/)
  await expect(page.getByTestId('product-card')).toContainText('苏打饼干')
  await setFavorite(tokens, ids.supplierId, ids.variantIds['HX-SN-008-12'] ?? '', false)
  await clearCart(tokens, ids.supplierId)
})
