import { expect, test, type Page } from '@playwright/test'
import { DEMO, screenshot, signIn } from './support'
import { dashboardContext, liveSubscriptions } from './support-contexts'

const SERVICE = 'service@huaxin.demo'

/** Resolves once the page has asked the server for service-thread updates. */
function subscribed(page: Page): Promise<unknown> {
  return new Promise((resolve) => {
    page.on('websocket', (socket) => {
      socket.on('framesent', (frame) => {
        if (typeof frame.payload === 'string' && frame.payload.includes('"subscribe"') && frame.payload.includes('serviceThreadUpdated')) resolve(frame)
      })
    })
  })
}

async function untilServerListensMore(than: number): Promise<void> {
  await expect.poll(liveSubscriptions, { timeout: 10_000 }).toBeGreaterThan(than)
}

test('a service thread goes back and forth live between dealer-a and the supplier service staff', async ({ browser, page }, testInfo) => {
  // Two or three browser contexts and a dozen page loads: more than the default minute on a busy machine.
  test.setTimeout(120_000)
  const subject = `外箱破损 ${testInfo.project.name} ${Date.now()}`
  // The supplier's inbox is open first: the new thread must arrive in it live.
  const dashboard = await dashboardContext(browser)
  const supplier = await dashboard.newPage()
  await signIn(supplier, SERVICE, 'supplier')
  const supplierLive = subscribed(supplier)
  let before = await liveSubscriptions()
  await supplier.goto('/supplier/service')
  await supplierLive
  await untilServerListensMore(before)

  await signIn(page, DEMO.buyerA)
  const beforeBuyer = await liveSubscriptions()
  // Listening from the page's start: the thread's subscription goes over the socket opened then.
  const buyerLive = subscribed(page)
  await page.goto('/service/new')
  await untilServerListensMore(beforeBuyer) // the nav bar's inbox bell
  await page.getByTestId('service-kind-COMPLAINT').click()
  await page.getByTestId('service-subject').locator('input').fill(subject)
  await page.getByTestId('service-body').locator('textarea').fill('上一批坚果有两箱外箱破损。Two cases of nuts arrived with crushed boxes.')
  before = await liveSubscriptions()
  await page.getByTestId('service-submit').click()
  await expect(page.getByTestId('thread-status')).toHaveAttribute('data-status', 'OPEN')
  await expect(page.getByTestId('thread-message')).toHaveCount(1)

  const inInbox = supplier.getByTestId('service-thread').filter({ hasText: subject })
  await expect(inInbox).toHaveAttribute('data-status', 'OPEN')
  await inInbox.click()
  await expect(supplier.getByTestId('service-message')).toHaveCount(1)

  await buyerLive
  await untilServerListensMore(before)
  let navigations = 0
  page.on('framenavigated', () => (navigations += 1))
  await supplier.getByTestId('service-reply').fill('抱歉！补发的两箱明天发出。Sorry! Two replacement cases leave tomorrow.')
  await supplier.getByTestId('service-send').click()
  await expect(supplier.getByTestId('service-thread-view')).toHaveAttribute('data-status', 'ANSWERED')

  // The reply reaches the buyer's open thread without a reload.
  await expect(page.getByTestId('thread-message')).toHaveCount(2)
  await expect(page.getByTestId('thread-message').last()).toHaveAttribute('data-from', 'supplier')
  await expect(page.getByTestId('thread-message').last()).toContainText('补发')
  await expect(page.getByTestId('thread-status')).toHaveAttribute('data-status', 'ANSWERED')

  await page.getByTestId('thread-reply').locator('textarea').fill('收到，谢谢！Got it, thanks!')
  await page.getByTestId('thread-send').click()
  await expect(page.getByTestId('thread-message')).toHaveCount(3)
  // ... and the buyer's answer reaches the supplier's open thread, which is waiting for a reply again.
  await expect(supplier.getByTestId('service-message')).toHaveCount(3)
  await expect(supplier.getByTestId('service-message').last()).toHaveAttribute('data-from', 'buyer')
  await expect(supplier.getByTestId('service-thread-view')).toHaveAttribute('data-status', 'OPEN')
  expect(navigations).toBe(0)
  await screenshot(page, testInfo, 'service-thread', { fullPage: false })
  await screenshot(supplier, testInfo, 'supplier-service', { fullPage: false })

  await supplier.getByTestId('service-close').click()
  await supplier.locator('.el-message-box .el-button--primary').click()
  await expect(supplier.getByTestId('service-thread-view')).toHaveAttribute('data-status', 'CLOSED')
  await expect(page.getByTestId('thread-closed')).toBeVisible()
  await dashboard.close()
})
