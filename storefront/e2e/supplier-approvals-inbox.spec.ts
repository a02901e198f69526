import { expect, test, type WebSocketRoute } from '@playwright/test'
import { api, DEMO, screenshot, signIn, untilServerListens } from './support'
import { approvalRow, clearInbox, orderStatus, placeOrder, subscribedToApprovals, tokenOf } from './supplier-approvals-support'

test.beforeEach(async () => {
  await clearInbox()
})

test('the inbox gains a new order live with its checks; approving it empties the inbox', async ({ page }, testInfo) => {
  await signIn(page, DEMO.approver, 'supplier')
  const subscribed = subscribedToApprovals(page)
  await page.goto('/supplier/approvals')
  await expect(page.getByTestId('approvals-empty')).toBeVisible()
  await subscribed
  await untilServerListens(1)

  let navigations = 0
  page.on('framenavigated', () => (navigations += 1))
  const order = await placeOrder()
  const row = approvalRow(page, order.id)
  await expect(row).toBeVisible({ timeout: 10_000 })
  await expect(row.getByTestId('approval-row')).toContainText(order.number)
  await expect(row.getByTestId('approval-row')).toContainText('Dealer A')
  await expect(row.getByTestId('approval-step')).toBeVisible()
  const checks = row.getByTestId('approval-check')
  await expect(checks).toHaveCount(4)
  await expect(row.locator('[data-test="approval-check"][data-kind="stock"]')).toHaveAttribute('data-pass', 'true')
  await expect(row.locator('[data-test="approval-check"][data-kind="credit"]')).toHaveAttribute('data-pass', /true|false/)
  await expect(row.locator('[data-test="approval-check"][data-kind="credit"]')).toContainText('¥')
  await expect(row.getByTestId('approval-order-link')).toHaveAttribute('href', `/supplier/orders/${order.id}`)
  expect(navigations).toBe(0)
  await screenshot(page, testInfo, 'supplier-approvals')

  await row.getByTestId('approval-approve').click()
  const box = page.locator('.approval-approve-box')
  await box.locator('textarea').fill('库存充足，同意')
  await box.locator('.el-button--primary').click()
  await expect(row).toHaveCount(0)
  await expect(page.getByTestId('approvals-empty')).toBeVisible()
  await expect.poll(() => orderStatus(order.id)).toBe('APPROVED')
})

test('rejecting needs a reason, shown next to the field; with one the order is rejected', async ({ page }) => {
  const order = await placeOrder()
  await signIn(page, DEMO.approver, 'supplier')
  await page.goto('/supplier/approvals')
  const row = approvalRow(page, order.id)
  await row.getByTestId('approval-reject').click()
  const reason = page.getByTestId('approval-reject-reason')
  await page.getByTestId('approval-reject-submit').click()
  await expect(reason.locator('.el-form-item__error')).toBeVisible()
  await expect(reason.locator('.el-form-item__error')).toContainText('必填')
  expect(await orderStatus(order.id)).toBe('PENDING_APPROVAL')

  await reason.locator('textarea').fill('数量有误，请重新下单')
  await page.getByTestId('approval-reject-submit').click()
  await expect(row).toHaveCount(0)
  await expect.poll(() => orderStatus(order.id)).toBe('REJECTED')
})

test('several orders are approved at once from the table selection', async ({ page }) => {
  const first = await placeOrder()
  const second = await placeOrder()
  await signIn(page, DEMO.approver, 'supplier')
  await page.goto('/supplier/approvals')
  const rows = [approvalRow(page, first.id), approvalRow(page, second.id)]
  for (const row of rows) {
    await row.locator('.el-checkbox').click()
  }
  const approveSelected = page.getByTestId('approval-approve-selected')
  await expect(approveSelected).toContainText('2')
  await approveSelected.click()
  await page.locator('.el-message-box .el-button--primary').click()
  for (const row of rows) await expect(row).toHaveCount(0)
  await expect(page.getByTestId('approvals-empty')).toBeVisible()
  await expect(page.getByTestId('approval-bulk-failures')).toHaveCount(0)
  await expect.poll(() => orderStatus(first.id)).toBe('APPROVED')
  await expect.poll(() => orderStatus(second.id)).toBe('APPROVED')
})

test('an order placed while the websocket was down shows once it is back', async ({ page }) => {
  await signIn(page, DEMO.approver, 'supplier')
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
  const subscribed = subscribedToApprovals(page)
  await page.goto('/supplier/approvals')
  await expect(page.getByTestId('approvals-empty')).toBeVisible()
  await subscribed
  await untilServerListens(1)

  down = true
  for (const socket of sockets) await socket.close({ code: 1001, reason: 'test: connection lost' })
  await expect(page.getByTestId('connection-lost')).toBeVisible()
  const order = await placeOrder()
  // No event can reach the page while the socket is down.
  await expect(page.getByTestId('approvals-empty')).toBeVisible()

  down = false
  await expect(page.getByTestId('connection-lost')).toHaveCount(0, { timeout: 15_000 })
  await expect(approvalRow(page, order.id)).toBeVisible()
})

test('approving a selection says which orders failed and why', async ({ page }) => {
  const first = await placeOrder()
  const second = await placeOrder()
  await signIn(page, DEMO.approver, 'supplier')
  await page.goto('/supplier/approvals')
  for (const order of [first, second]) await approvalRow(page, order.id).locator('.el-checkbox').click()
  // Someone decides the second order meanwhile: approving it again must fail, and say so.
  await api(`mutation ($o: ID!) { orderReject(input: { orderId: $o, reason: "e2e: decided meanwhile" }) { userErrors { code } } }`, { o: second.id }, await tokenOf(DEMO.approver))
  await page.getByTestId('approval-approve-selected').click()
  await page.locator('.el-message-box .el-button--primary').click()
  const failed = page.getByTestId('approval-bulk-failure')
  await expect(failed).toHaveCount(1)
  await expect(failed).toContainText(second.number)
  await expect.poll(() => orderStatus(first.id)).toBe('APPROVED')
  await expect(page.getByTestId('approvals-empty')).toBeVisible()
})
