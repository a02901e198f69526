// The dashboard orders specs' API side: buyers place orders, the approver approves, the supplier
// ships, the buyer confirms receipt; each as the demo user whose job it is.
import { expect } from '@playwright/test'
import { api, login } from './support'

export const SALES1 = 'sales1@huaxin.demo'
export const SALES2 = 'sales2@huaxin.demo'
export const BUYER_A = 'buyer@dealer-a.demo'
export const BUYER_B = 'buyer@dealer-b.demo'
const APPROVER = 'approver@huaxin.demo'
const ADMIN = 'admin@huaxin.demo'

export interface Placed {
  id: string
  number: string
  customer: string
  lines: { id: string; quantity: number; sku: string; name: string }[]
}

const tokens = new Map<string, Promise<string>>()
function tokenOf(email: string): Promise<string> {
  let token = tokens.get(email)
  if (!token) {
    token = login(email).then((value) => value.token)
    tokens.set(email, token)
  }
  return token
}

interface Variant {
  sku: string
  available: number
  minOrderQuantity: number
  orderMultiple: number
  maxPerOrder: number | null
}

/** Clears the buyer's cart, adds two plain SKUs (4 and 2 units) and checks out with a fresh key. */
export async function placeOrder(buyer: string): Promise<Placed> {
  const token = await tokenOf(buyer)
  const suppliers = await api<{ suppliers: { id: string }[] }>(`{ suppliers { id } }`, {}, token)
  const supplierId = suppliers.suppliers[0]!.id
  const products = await api<{ products: { nodes: { variants: Variant[] }[] } }>(
    `{ products(first: 100) { nodes { variants { sku available minOrderQuantity orderMultiple maxPerOrder } } } }`,
    {},
    token,
  )
  const plain = products.products.nodes
    .flatMap((product) => product.variants)
    .filter((variant) => variant.minOrderQuantity === 1 && variant.orderMultiple === 1 && variant.maxPerOrder === null && variant.available >= 50)
    .sort((a, b) => b.available - a.available)
  expect(plain.length).toBeGreaterThanOrEqual(2)
  const clear = await api(`mutation ($s: ID!) { cartClear(input: { supplierId: $s }) { userErrors { code message } } }`, { s: supplierId }, token)
  expect(clear.cartClear.userErrors).toEqual([])
  const add = await api(
    `mutation ($input: CartAddBySkuInput!) { cartAddBySku(input: $input) { userErrors { code message } } }`,
    { input: { supplierId, lines: [{ sku: plain[0]!.sku, quantity: 4 }, { sku: plain[1]!.sku, quantity: 2 }] } },
    token,
  )
  expect(add.cartAddBySku.userErrors).toEqual([])
  const data = await api<{ checkout: { order: { id: string; number: string; customerAccount: { buyer: { name: string } }; lines: Placed['lines'] } | null; userErrors: unknown[] } }>(
    `mutation ($input: CheckoutInput!) { checkout(input: $input) {
      order { id number customerAccount { buyer { name } } lines { id quantity sku name } }
      userErrors { field code message } } }`,
    { input: { supplierId, idempotencyKey: `e2e-dash-orders-${Date.now()}-${Math.random()}` } },
    token,
  )
  expect(data.checkout.userErrors).toEqual([])
  const order = data.checkout.order!
  return { id: order.id, number: order.number, customer: order.customerAccount.buyer.name, lines: order.lines }
}

/** Approves step 1 of Huaxin's flow as approver@huaxin.demo (a small order has only that step). */
export async function approve(orderId: string): Promise<void> {
  const data = await api(
    `mutation ($o: ID!) { orderApprove(input: { orderId: $o }) { order { status } userErrors { code message } } }`,
    { o: orderId },
    await tokenOf(APPROVER),
  )
  expect(data.orderApprove.userErrors).toEqual([])
  expect(data.orderApprove.order.status).toBe('APPROVED')
}

/** Ships every line in full as admin@huaxin.demo; returns the shipment's id. */
export async function shipAll(order: Placed): Promise<string> {
  const data = await api(
    `mutation ($input: ShipmentCreateInput!) { shipmentCreate(input: $input) { shipment { id } userErrors { code message } } }`,
    { input: { orderId: order.id, lines: order.lines.map((line) => ({ orderLineId: line.id, quantity: line.quantity })), carrier: '顺丰速运', trackingNumber: `SF${Date.now()}` } },
    await tokenOf(ADMIN),
  )
  expect(data.shipmentCreate.userErrors).toEqual([])
  return data.shipmentCreate.shipment.id as string
}

/** The buyer confirms every shipment of the order as arrived in full. */
export async function confirmReceipts(orderId: string, buyer: string): Promise<number> {
  const token = await tokenOf(buyer)
  const data = await api<{ shipments: { nodes: { id: string; status: string }[] } }>(
    `query ($o: ID!) { shipments(first: 20, filter: { orderId: $o }) { nodes { id status } } }`,
    { o: orderId },
    token,
  )
  const open = data.shipments.nodes.filter((shipment) => shipment.status === 'SHIPPED')
  for (const shipment of open) {
    const result = await api(
      `mutation ($s: ID!) { shipmentConfirmReceipt(input: { shipmentId: $s }) { order { status } userErrors { code message } } }`,
      { s: shipment.id },
      token,
    )
    expect(result.shipmentConfirmReceipt.userErrors).toEqual([])
  }
  return open.length
}
