import { expect, test, type WebSocketRoute } from '@playwright/test'
import { signIn, untilServerListens } from './support'
import { BUYER_A, BUYER_B, placeOrder } from './supplier-orders-support'

test('after the websocket comes back the board resumes from the last event and shows what was placed meanwhile', async ({ page }) => {
  await signIn(page, 'admin@huaxin.demo', 'supplier')
  // The page's websocket goes through this route: the test sees what the page sends, and can drop
  // the connection and keep it down.
  let down = false
  const sockets: WebSocketRoute[] = []
  const sent: string[] = []
  await page.routeWebSocket(/\/graphql$/, (socket) => {
    if (down) {
      void socket.close({ code: 1001, reason: 'test: still down' })
      return
    }
    const server = socket.connectToServer()
    socket.onMessage((message) => {
      sent.push(String(message))
      server.send(message)
    })
    sockets.push(socket)
  })
  await page.goto('/supplier/')
  await expect(page.getByTestId('board-row').first()).toBeVisible()
  await expect.poll(() => sent.some((message) => message.includes('orderUpdated'))).toBe(true)
  await untilServerListens(1)

  // One live event first, so the board has an eventId to resume from.
  const before = await placeOrder(BUYER_A)
  await expect(page.getByTestId('board-row').filter({ hasText: before.number })).toBeVisible({ timeout: 2_000 })
  let navigations = 0
  page.on('framenavigated', () => (navigations += 1))

  down = true
  for (const socket of sockets) await socket.close({ code: 1001, reason: 'test: connection lost' })
  await expect(page.getByTestId('connection-lost')).toBeVisible()
  const sentBefore = sent.length
  const missedA = await placeOrder(BUYER_A)
  const missedB = await placeOrder(BUYER_B)
  await expect(page.getByTestId('board-row').filter({ hasText: missedA.number })).toHaveCount(0)

  down = false
  await expect(page.getByTestId('connection-lost')).toHaveCount(0, { timeout: 15_000 })
  await expect(page.getByTestId('board-row').filter({ hasText: missedA.number })).toContainText(missedA.customer)
  await expect(page.getByTestId('board-row').filter({ hasText: missedB.number })).toContainText(missedB.customer)
  expect(navigations).toBe(0)
  // The resubscription asked the server to replay from the last event the board had.
  await expect
    .poll(() => sent.slice(sentBefore).some((message) => message.includes('orderUpdated') && /"afterEventId":"[^"]+"/.test(message)))
    .toBe(true)
})
