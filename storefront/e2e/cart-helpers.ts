// What the cart group's browser tests share: the buyer's supplier, an emptied cart, plain SKUs
// from the demo catalog (taken through the API, never hard-coded), orders counted.
import type { Page } from '@playwright/test'
import { api, DEMO, signIn } from './support'

export interface CatalogVariant {
  id: string
  sku: string
  productName: string
  minOrderQuantity: number
  orderMultiple: number
  maxPerOrder: number | null
  available: number
  price: { amount: string } | null
  promotions: { name: string; kind: string }[]
  volumeBreaks: { minQuantity: number }[]
}

export interface Buyer {
  token: string
  supplierId: string
}

/** Signs dealer-a's buyer in and empties its cart with the supplier. */
export async function buyerWithEmptyCart(page: Page): Promise<Buyer> {
  const { token } = await signIn(page, DEMO.buyerA)
  const { suppliers } = await api<{ suppliers: { id: string }[] }>(`{ suppliers { id } }`, {}, token)
  const supplierId = suppliers[0]?.id ?? ''
  await clearCart({ token, supplierId })
  return { token, supplierId }
}

export async function clearCart(buyer: Buyer): Promise<void> {
  const data = await api<{ cartClear: { userErrors: unknown[] } }>(
    `mutation ($input: CartClearInput!) { cartClear(input: $input) { userErrors { code message } } }`,
    { input: { supplierId: buyer.supplierId } },
    buyer.token,
  )
  if (data.cartClear.userErrors.length) throw new Error(`cartClear: ${JSON.stringify(data.cartClear.userErrors)}`)
}

/** The catalog's variants in the order the grid lists them (by name), as the buyer sees them. */
export async function catalogVariants(buyer: Buyer, first = 50): Promise<CatalogVariant[]> {
  const data = await api<{ products: { nodes: { name: string; variants: Omit<CatalogVariant, 'productName'>[] }[] } }>(
    `query ($supplierId: ID!, $first: Int!) {
      products(supplierId: $supplierId, first: $first, sort: NAME) {
        nodes { name variants { id sku minOrderQuantity orderMultiple maxPerOrder available price { amount } promotions { name kind } volumeBreaks { minQuantity } } }
      }
    }`,
    { supplierId: buyer.supplierId, first },
    buyer.token,
  )
  return data.products.nodes.flatMap((product) => product.variants.map((variant) => ({ ...variant, productName: product.name })))
}

const CART_WIDE = ['THRESHOLD_DISCOUNT', 'THRESHOLD_GIFT']

/**
 * Variants anyone can order one of at one price: no minimum or pack, plenty in stock, priced, no
 * volume breaks and no promotion of their own (the cart-wide thresholds apply to everything).
 */
export function plainVariants(variants: CatalogVariant[]): CatalogVariant[] {
  return variants.filter(
    (v) =>
      v.minOrderQuantity === 1 &&
      v.orderMultiple === 1 &&
      v.maxPerOrder === null &&
      v.available >= 100 &&
      v.price !== null &&
      v.volumeBreaks.length <= 1 &&
      v.promotions.every((promotion) => CART_WIDE.includes(promotion.kind)),
  )
}

export async function cartLines(buyer: Buyer): Promise<{ sku: string; quantity: number }[]> {
  const data = await api<{ cart: { lines: { quantity: number; variant: { sku: string } }[] } }>(
    `query ($supplierId: ID!) { cart(supplierId: $supplierId) { lines { quantity variant { sku } } } }`,
    { supplierId: buyer.supplierId },
    buyer.token,
  )
  return data.cart.lines.map((line) => ({ sku: line.variant.sku, quantity: line.quantity }))
}

export async function addLines(buyer: Buyer, lines: { variantId: string; quantity: number }[]): Promise<void> {
  const data = await api<{ cartAddLines: { userErrors: unknown[] } }>(
    `mutation ($input: CartAddLinesInput!) { cartAddLines(input: $input) { userErrors { field code message } } }`,
    { input: { supplierId: buyer.supplierId, lines } },
    buyer.token,
  )
  if (data.cartAddLines.userErrors.length) throw new Error(`cartAddLines: ${JSON.stringify(data.cartAddLines.userErrors)}`)
}

export async function purchaseOrders(buyer: Buyer): Promise<{ totalCount: number; newest: { id: string; poNumber: string | null } | null }> {
  const data = await api<{ orders: { totalCount: number; nodes: { id: string; poNumber: string | null }[] } }>(
    `{ orders(first: 1, filter: { side: PURCHASES }) { totalCount nodes { id poNumber } } }`,
    {},
    buyer.token,
  )
  return { totalCount: data.orders.totalCount, newest: data.orders.nodes[0] ?? null }
}

/** ¥1,234.50 → 1234.5 */
export function amountOf(text: string | null): number {
  return Number((text ?? '').replace(/[^\d.-]/g, ''))
}
