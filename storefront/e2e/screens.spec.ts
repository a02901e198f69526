// Screenshots of the buyer's main pages on a phone and on a desktop screen (the README shows the
// best of them). Each waits for the page's real content before the picture is taken.
import { expect, test } from '@playwright/test'
import { api, DEMO, screenshot, signIn } from './support'

test('catalog, product, cart, checkout and order pages', async ({ page }, testInfo) => {
  const buyer = await signIn(page, DEMO.buyerA)
  const { suppliers } = await api<{ suppliers: { id: string }[] }>('{ suppliers { id } }', {}, buyer.token)
  const supplierId = suppliers[0]!.id
  await api('mutation ($input: CartClearInput!) { cartClear(input: $input) { userErrors { code } } }', { input: { supplierId } }, buyer.token)
  const added = await api<{ cartAddBySku: { userErrors: unknown[] } }>(
    'mutation ($input: CartAddBySkuInput!) { cartAddBySku(input: $input) { userErrors { code message } } }',
    { input: { supplierId, lines: [{ sku: 'HX-DA-007-6', quantity: 2 }, { sku: 'HX-DA-009-6', quantity: 6 }] } },
    buyer.token,
  )
  expect(added.cartAddBySku.userErrors).toEqual([])
  const { orders } = await api<{ orders: { edges: { node: { id: string } }[] } }>(
    '{ orders(first: 1, filter: { status: [COMPLETED] }) { edges { node { id } } } }',
    {},
    buyer.token,
  )
  const completedOrderId = orders.edges[0]!.node.id

  await page.goto('/catalog')
  await expect(page.getByTestId('product-card').first()).toBeVisible()
  await page.waitForLoadState('networkidle')
  await screenshot(page, testInfo, 'catalog', { fullPage: false })

  await page.getByTestId('product-card').first().click()
  await expect(page.getByTestId('product-price')).toBeVisible()
  await page.waitForLoadState('networkidle')
  await screenshot(page, testInfo, 'product', { fullPage: false })

  await page.goto('/cart')
  await expect(page.getByTestId('cart-total')).toBeVisible()
  await screenshot(page, testInfo, 'cart', { fullPage: false })

  await page.getByTestId('go-checkout').click()
  await expect(page.getByTestId('place-order')).toBeVisible()
  await expect(page.getByTestId('credit-headroom')).toBeVisible()
  await screenshot(page, testInfo, 'checkout', { fullPage: false })

  await page.goto(`/orders/${completedOrderId}`)
  await expect(page.getByTestId('order-status')).toHaveAttribute('data-status', 'COMPLETED')
  await expect(page.getByTestId('timeline-entry').first()).toBeVisible()
  await screenshot(page, testInfo, 'order', { fullPage: false })
})
