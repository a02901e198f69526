// The orders specs' API helpers: place an order as a buyer, and act as the supplier (approve, ship).
import { expect } from '@playwright/test'
import { api, DEMO, login } from './support'

export interface PlacedOrder {
  id: string
  number: string
  lines: { id: string; quantity: number; name: string }[]
}

interface Variant {
  id: string
  sku: string
  available: number
  minOrderQuantity: number
  orderMultiple: number
  maxPerOrder: number | null
}

const tokens = new Map<string, Promise<string>>()

/** A demo user's token, signed in once per worker. */
export function tokenOf(email: string): Promise<string> {
  let token = tokens.get(email)
  if (!token) {
    token = login(email).then((value) => value.token)
    tokens.set(email, token)
  }
  return token
}

export async function supplierId(buyer: string): Promise<string> {
  const data = await api<{ suppliers: { id: string }[] }>(`{ suppliers { id } }`, {}, await tokenOf(buyer))
  const first = data.suppliers[0]
  if (!first) throw new Error(`${buyer} has no supplier`)
  return first.id
}

/** Two plain variants with plenty of stock (no minimum, multiple or maximum to trip over). */
async function plainVariants(token: string): Promise<Variant[]> {
  const data = await api<{ products: { nodes: { variants: Variant[] }[] } }>(
    `{ products(first: 100) { nodes { variants { id sku available minOrderQuantity orderMultiple maxPerOrder } } } }`,
    {},
    token,
  )
  const plain = data.products.nodes
    .flatMap((product) => product.variants)
    .filter((variant) => variant.minOrderQuantity === 1 && variant.orderMultiple === 1 && variant.maxPerOrder === null && variant.available >= 50)
    .sort((a, b) => b.available - a.available)
  expect(plain.length).toBeGreaterThanOrEqual(2)
  return plain.slice(0, 2)
}

/** Clears the buyer's cart, fills it with two lines and checks out (a fresh idempotency key). */
export async function placeOrder(buyer: string = DEMO.buyerA, options: { poNumber?: string } = {}): Promise<PlacedOrder> {
  const token = await tokenOf(buyer)
  const supplier = await supplierId(buyer)
  const [first, second] = await plainVariants(token)
  const clear = await api(`mutation ($s: ID!) { cartClear(input: { supplierId: $s }) { userErrors { code message } } }`, { s: supplier }, token)
  expect(clear.cartClear.userErrors).toEqual([])
  const add = await api(
    `mutation ($input: CartAddLinesInput!) { cartAddLines(input: $input) { userErrors { code message } } }`,
    { input: { supplierId: supplier, lines: [{ variantId: first!.id, quantity: 3 }, { variantId: second!.id, quantity: 2 }] } },
    token,
  )
  expect(add.cartAddLines.userErrors).toEqual([])
  const data = await api<{ checkout: { order: PlacedOrder | null; userErrors: unknown[] } }>(
    `mutation ($input: CheckoutInput!) { checkout(input: $input) { order { id number lines { id quantity name } } userErrors { field code message } } }`,
    { input: { supplierId: supplier, idempotencyKey: `e2e-orders-${Date.now()}-${Math.random()}`, poNumber: options.poNumber ?? null } },
    token,
  )
  expect(data.checkout.userErrors).toEqual([])
  return data.checkout.order!
}

/**
 * Approves the order as the supplier. The demo flow's first step is approver@huaxin.demo's (small
 * orders have only that step); admin@huaxin.demo is refused as NOT_CURRENT_APPROVER there.
 */
export async function approve(orderId: string): Promise<void> {
  const data = await api(
    `mutation ($o: ID!) { orderApprove(input: { orderId: $o }) { order { status } userErrors { code message } } }`,
    { o: orderId },
    await tokenOf(DEMO.approver),
  )
  expect(data.orderApprove.userErrors).toEqual([])
  expect(data.orderApprove.order.status).toBe('APPROVED')
}

/** Ships every line in full as admin@huaxin.demo, with a carrier, tracking number and one event. */
export async function shipAll(order: PlacedOrder): Promise<string> {
  const token = await tokenOf(DEMO.supplierAdmin)
  const data = await api(
    `mutation ($input: ShipmentCreateInput!) { shipmentCreate(input: $input) { shipment { id number } userErrors { code message } } }`,
    { input: { orderId: order.id, lines: order.lines.map((line) => ({ orderLineId: line.id, quantity: line.quantity })), carrier: '顺丰速运', trackingNumber: `SF${Date.now()}` } },
    token,
  )
  expect(data.shipmentCreate.userErrors).toEqual([])
  const shipmentId = data.shipmentCreate.shipment.id as string
  const event = await api(
    `mutation ($input: ShipmentAddTrackingEventInput!) { shipmentAddTrackingEvent(input: $input) { userErrors { code } } }`,
    { input: { shipmentId, description: '已揽收', location: '上海' } },
    token,
  )
  expect(event.shipmentAddTrackingEvent.userErrors).toEqual([])
  return shipmentId
}

export async function orderStatus(orderId: string, buyer: string = DEMO.buyerA): Promise<string | null> {
  const data = await api<{ order: { status: string } | null }>(`query ($id: ID!) { order(id: $id) { status } }`, { id: orderId }, await tokenOf(buyer))
  return data.order?.status ?? null
}

/** The variant ids and quantities in the buyer's cart. */
export async function cartLines(buyer: string = DEMO.buyerA): Promise<{ sku: string; quantity: number }[]> {
  const supplier = await supplierId(buyer)
  const data = await api(`query ($s: ID!) { cart(supplierId: $s) { lines { quantity variant { sku } } } }`, { s: supplier }, await tokenOf(buyer))
  return (data.cart.lines as { quantity: number; variant: { sku: string } }[]).map((line) => ({ sku: line.variant.sku, quantity: line.quantity }))
}

export async function clearCart(buyer: string = DEMO.buyerA): Promise<void> {
  const supplier = await supplierId(buyer)
  await api(`mutation ($s: ID!) { cartClear(input: { supplierId: $s }) { userErrors { code } } }`, { s: supplier }, await tokenOf(buyer))
}
