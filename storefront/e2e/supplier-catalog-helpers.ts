// What the supplier catalog specs share: the API as the supplier's admin and as dealer-a's buyer.
import type { Locator, Page } from '@playwright/test'
import { api, DEMO, login } from './support'

export const SALES = 'sales1@huaxin.demo'

export async function adminToken(): Promise<string> {
  return (await login(DEMO.supplierAdmin)).token
}

export async function buyerToken(): Promise<string> {
  return (await login(DEMO.buyerA)).token
}

/** The buyer's view of a SKU in the supplier's catalog: null when not listed; its unit price. */
export async function buyerVariant(token: string, search: string): Promise<{ sku: string; price: { amount: string } | null; basePrice: { amount: string } | null } | null> {
  const { suppliers } = await api<{ suppliers: { id: string }[] }>(`{ suppliers { id } }`, {}, token)
  const data = await api<{ products: { nodes: { name: string; variants: { sku: string; price: { amount: string } | null; basePrice: { amount: string } | null }[] }[] } }>(
    `query ($supplierId: ID!, $search: String!) { products(supplierId: $supplierId, first: 20, filter: { search: $search }) { nodes { name variants { sku price { amount } basePrice { amount } } } } }`,
    { supplierId: suppliers[0]!.id, search },
    token,
  )
  return data.products.nodes.flatMap((product) => product.variants).find((variant) => variant.sku === search) ?? data.products.nodes[0]?.variants[0] ?? null
}

export interface StaffVariant {
  id: string
  sku: string
  productId: string
  stockLevels: { warehouse: { id: string; code: string }; onHand: number; lowStockThreshold: number | null }[]
}

export async function staffVariant(token: string, sku: string): Promise<StaffVariant> {
  const data = await api<{ products: { nodes: { id: string; variants: Omit<StaffVariant, 'productId'>[] }[] } }>(
    `query ($search: String!) { products(first: 5, filter: { search: $search }) { nodes { id variants { id sku stockLevels { warehouse { id code } onHand lowStockThreshold } } } } }`,
    { search: sku },
    token,
  )
  for (const product of data.products.nodes) {
    const variant = product.variants.find((v) => v.sku === sku)
    if (variant) return { ...variant, productId: product.id }
  }
  throw new Error(`No variant ${sku}`)
}

export const DEALER_A = 'A区经销商 Dealer A'
export const DEALER_B = 'B区经销商 Dealer B'

/** The element-plus table row that holds the element matching `inner`. */
export function tableRow(scope: Page | Locator, inner: Locator): Locator {
  return scope.locator('.el-table__row').filter({ has: inner })
}

/** Confirms the element-plus message box on screen. */
export async function confirmBox(page: Page): Promise<void> {
  await page.locator('.el-message-box__btns .el-button--primary').click()
}
