import { expect, test, type Page, type WebSocketRoute } from '@playwright/test'
import { approve, orderStatus, placeOrder } from './orders-support'
import { DEMO, signIn, untilServerListens } from './support'

/** Resolves once the page has asked the server for the order's live updates. */
function subscribed(page: Page): Promise<unknown> {
  return new Promise((resolve) => {
    page.on('websocket', (socket) => {
      socket.on('framesent', (frame) => {
        if (typeof frame.payload === 'string' && frame.payload.includes('"subscribe"') && frame.payload.includes('orderUpdated')) resolve(frame)
      })
    })
  })
}

test('the order turns APPROVED within 2 s of the supplier approving it, timeline included, with no reload', async ({ page }) => {
  const order = await placeOrder()
  await signIn(page, DEMO.buyerA)
  const live = subscribed(page)
  await page.goto(`/orders/${order.id}`)
  const status = page.getByTestId('order-status')
  await expect(status).toHaveAttribute('data-status', 'PENDING_APPROVAL')
  await expect(page.getByTestId('order-number')).toHaveText(order.number)
  const entries = page.getByTestId('timeline-entry')
  await expect(entries).toHaveCount(1)
  await expect(page.getByTestId('order-action-CANCEL')).toBeVisible()
  await live
  await untilServerListens(2)

  let navigations = 0
  page.on('framenavigated', () => (navigations += 1))
  await approve(order.id)
  await expect(status).toHaveAttribute('data-status', 'APPROVED', { timeout: 2_000 })
  await expect(status).toHaveText('已审核')
  await expect(entries).toHaveCount(2)
  await expect(entries.first()).toContainText('待审核 → 已审核')
  // The buyer may no longer cancel or edit an approved order: the buttons follow availableActions.
  await expect(page.getByTestId('order-action-CANCEL')).toHaveCount(0)
  await expect(page.getByTestId('order-action-EDIT')).toHaveCount(0)
  expect(navigations).toBe(0)
})

test('after the websocket comes back the page catches up with what happened meanwhile', async ({ page }) => {
  const order = await placeOrder()
  await signIn(page, DEMO.buyerA)
  // The page's websocket goes through this route, so the test can drop it and keep it down.
  let down = false
  const sockets: WebSocketRoute[] = []
  await page.routeWebSocket(/\/graphql$/, (socket) => {
    if (down) {
      void socket.close({ code: 1001, reason: 'test: still down' })
      return
    }
    socket.connectToServer()
    sockets.push(socket)
  })
  const live = subscribed(page)
  await page.goto(`/orders/${order.id}`)
  const status = page.getByTestId('order-status')
  await expect(status).toHaveAttribute('data-status', 'PENDING_APPROVAL')
  await live
  await untilServerListens(2)

  down = true
  for (const socket of sockets) await socket.close({ code: 1001, reason: 'test: connection lost' })
  await expect(page.getByTestId('connection-lost')).toBeVisible()
  await approve(order.id)
  expect(await orderStatus(order.id)).toBe('APPROVED')
  // No event can reach the page while the socket is down.
  await expect(status).toHaveAttribute('data-status', 'PENDING_APPROVAL')

  down = false
  await expect(page.getByTestId('connection-lost')).toHaveCount(0, { timeout: 15_000 })
  await expect(status).toHaveAttribute('data-status', 'APPROVED')
  await expect(page.getByTestId('timeline-entry')).toHaveCount(2)
})
