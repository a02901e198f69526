// The approvals specs' API helpers: buyers place orders (cartClear + cartAddBySku + checkout),
// record payments and request returns; supplier staff clear the approver's inbox and ship.
import { expect, type Page } from '@playwright/test'
import { api, DEMO, login } from './support'

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

const unique = () => `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`

export interface PlacedOrder {
  id: string
  number: string
  lines: { id: string; quantity: number }[]
}

async function supplierOf(buyer: string): Promise<string> {
  const data = await api<{ suppliers: { id: string }[] }>(`{ suppliers { id } }`, {}, await tokenOf(buyer))
  return data.suppliers[0]!.id
}

/** SKUs with plenty of stock and no minimum, multiple or maximum to trip over. */
async function plainSkus(token: string): Promise<string[]> {
  const data = await api<{ products: { nodes: { variants: { sku: string; available: number; minOrderQuantity: number; orderMultiple: number; maxPerOrder: number | null }[] }[] } }>(
    `{ products(first: 100) { nodes { variants { sku available minOrderQuantity orderMultiple maxPerOrder } } } }`,
    {},
    token,
  )
  const skus = data.products.nodes
    .flatMap((product) => product.variants)
    .filter((v) => v.minOrderQuantity === 1 && v.orderMultiple === 1 && v.maxPerOrder === null && v.available >= 50)
    .sort((a, b) => b.available - a.available)
    .map((v) => v.sku)
  expect(skus.length).toBeGreaterThanOrEqual(2)
  return skus.slice(0, 2)
}

/** A small order (one approval step: approver@huaxin.demo's) placed by the buyer through the API. */
export async function placeOrder(buyer: string = DEMO.buyerA): Promise<PlacedOrder> {
  const token = await tokenOf(buyer)
  const supplierId = await supplierOf(buyer)
  const [first, second] = await plainSkus(token)
  const clear = await api(`mutation ($s: ID!) { cartClear(input: { supplierId: $s }) { userErrors { code message } } }`, { s: supplierId }, token)
  expect(clear.cartClear.userErrors).toEqual([])
  const add = await api(
    `mutation ($input: CartAddBySkuInput!) { cartAddBySku(input: $input) { userErrors { code message } } }`,
    { input: { supplierId, lines: [{ sku: first, quantity: 2 }, { sku: second, quantity: 1 }] } },
    token,
  )
  expect(add.cartAddBySku.userErrors).toEqual([])
  const data = await api<{ checkout: { order: PlacedOrder | null; userErrors: unknown[] } }>(
    `mutation ($input: CheckoutInput!) { checkout(input: $input) { order { id number lines { id quantity } } userErrors { field code message } } }`,
    { input: { supplierId, idempotencyKey: `e2e-approvals-${unique()}` } },
    token,
  )
  expect(data.checkout.userErrors).toEqual([])
  return data.checkout.order!
}

/** Empties approver@huaxin.demo's inbox: approves what it can, rejects what it cannot approve. */
export async function clearInbox(email: string = DEMO.approver): Promise<void> {
  const token = await tokenOf(email)
  const data = await api<{ approvals: { nodes: { order: { id: string } }[] } }>(`{ approvals(first: 100) { nodes { order { id } } } }`, {}, token)
  for (const { order } of data.approvals.nodes) {
    const approved = await api(`mutation ($o: ID!) { orderApprove(input: { orderId: $o }) { userErrors { code } } }`, { o: order.id }, token)
    if (approved.orderApprove.userErrors.length > 0) {
      await api(`mutation ($o: ID!) { orderReject(input: { orderId: $o, reason: "e2e: clearing the inbox" }) { userErrors { code } } }`, { o: order.id }, token)
    }
  }
  const left = await api<{ approvals: { totalCount: number } }>(`{ approvals(first: 1) { totalCount } }`, {}, token)
  expect(left.approvals.totalCount).toBe(0)
}

export async function orderStatus(orderId: string): Promise<string | null> {
  const data = await api<{ order: { status: string } | null }>(`query ($id: ID!) { order(id: $id) { status } }`, { id: orderId }, await tokenOf(DEMO.supplierAdmin))
  return data.order?.status ?? null
}

/** The buyer's customer account at its (only) supplier. */
export async function accountOf(buyer: string): Promise<string> {
  const data = await api<{ customerAccounts: { nodes: { id: string }[] } }>(`{ customerAccounts(first: 1) { nodes { id } } }`, {}, await tokenOf(buyer))
  return data.customerAccounts.nodes[0]!.id
}

/** A bank transfer the buyer records (a prepaid top-up); its reference is unique to this run. */
export async function recordPayment(buyer: string, amount: string): Promise<{ id: string; number: string; reference: string }> {
  const reference = `E2E-${unique()}`
  const data = await api(
    `mutation ($input: PaymentRecordInput!) { paymentRecord(input: $input) { payment { id number reference } userErrors { field code message } } }`,
    { input: { customerAccountId: await accountOf(buyer), method: 'BANK_TRANSFER', amount, currency: 'CNY', idempotencyKey: `e2e-pay-${unique()}`, reference } },
    await tokenOf(buyer),
  )
  expect(data.paymentRecord.userErrors).toEqual([])
  return data.paymentRecord.payment
}

/** The payment's status as finance sees it, found by its (unique) bank reference. */
export async function paymentStatus(reference: string): Promise<string | null> {
  const data = await api<{ payments: { nodes: { reference: string; status: string }[] } }>(
    `query ($search: String!) { payments(first: 5, filter: { search: $search }) { nodes { reference status } } }`,
    { search: reference },
    await tokenOf(DEMO.finance),
  )
  return data.payments.nodes.find((payment) => payment.reference === reference)?.status ?? null
}

/** An order approved, shipped in full by admin@huaxin.demo and received by the buyer: returnable. */
export async function receivedOrder(): Promise<{ order: PlacedOrder; shipmentLineIds: string[] }> {
  const order = await placeOrder(DEMO.buyerA)
  const approved = await api(`mutation ($o: ID!) { orderApprove(input: { orderId: $o }) { order { status } userErrors { code message } } }`, { o: order.id }, await tokenOf(DEMO.approver))
  expect(approved.orderApprove.userErrors).toEqual([])
  const shipped = await api(
    `mutation ($input: ShipmentCreateInput!) { shipmentCreate(input: $input) { shipment { id lines { id } } userErrors { code message } } }`,
    { input: { orderId: order.id, lines: order.lines.map((line) => ({ orderLineId: line.id, quantity: line.quantity })), carrier: '顺丰速运', trackingNumber: `SF${Date.now()}` } },
    await tokenOf(DEMO.supplierAdmin),
  )
  expect(shipped.shipmentCreate.userErrors).toEqual([])
  const shipment = shipped.shipmentCreate.shipment as { id: string; lines: { id: string }[] }
  const receipt = await api(`mutation ($s: ID!) { shipmentConfirmReceipt(input: { shipmentId: $s }) { userErrors { code message } } }`, { s: shipment.id }, await tokenOf(DEMO.buyerA))
  expect(receipt.shipmentConfirmReceipt.userErrors).toEqual([])
  return { order, shipmentLineIds: shipment.lines.map((line) => line.id) }
}

export async function requestReturn(orderId: string, shipmentLineId: string): Promise<{ id: string; number: string }> {
  const data = await api(
    `mutation ($input: ReturnRequestInput!) { returnRequest(input: $input) { return { id number } userErrors { field code message } } }`,
    { input: { orderId, lines: [{ shipmentLineId, quantity: 1 }], reason: '包装破损 damaged box' } },
    await tokenOf(DEMO.buyerA),
  )
  expect(data.returnRequest.userErrors).toEqual([])
  return data.returnRequest.return
}

/** Resolves once the page has subscribed to approvalRequested over its websocket. */
export function subscribedToApprovals(page: Page): Promise<unknown> {
  return new Promise((resolve) => {
    page.on('websocket', (socket) => {
      socket.on('framesent', (frame) => {
        if (typeof frame.payload === 'string' && frame.payload.includes('"subscribe"') && frame.payload.includes('approvalRequested')) resolve(frame)
      })
    })
  })
}

/** The table row (tr) holding the order's cell, with its checks and buttons. */
export function approvalRow(page: Page, orderId: string) {
  return page.locator('tr.el-table__row', { has: page.locator(`[data-test="approval-row"][data-order-id="${orderId}"]`) })
}

export function tableRow(page: Page, testId: string, attribute: string, value: string) {
  return page.locator('tr.el-table__row', { has: page.locator(`[data-test="${testId}"][${attribute}="${value}"]`) })
}
