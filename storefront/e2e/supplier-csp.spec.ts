// The server's Content-Security-Policy lets both built apps run: pages render and the browser
// reports no violation (scripts, inline styles of Element Plus and Vant, the GraphQL websocket).
import { expect, type Page, test } from '@playwright/test'
import { DEMO, signIn } from './support'

async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = []
  page.on('console', (message) => {
    if (/Content[- ]Security[- ]Policy/i.test(message.text())) violations.push(message.text())
  })
  await page.exposeFunction('reportCspViolation', (text: string) => violations.push(text))
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      ;(window as unknown as { reportCspViolation: (t: string) => void }).reportCspViolation(
        `${event.violatedDirective} blocked ${event.blockedURI}`,
      )
    })
  })
  return violations
}

test('the dashboard runs under the security policy with no violation', async ({ page }) => {
  const violations = await watchViolations(page)
  await signIn(page, DEMO.supplierAdmin, 'supplier')
  for (const path of ['/supplier/', '/supplier/products', '/supplier/price-lists', '/supplier/receivables']) {
    const response = await page.goto(path)
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'")
    await expect(page.getByTestId('viewer-org')).toContainText('华鑫食品')
    await page.waitForLoadState('networkidle')
  }
  expect(violations).toEqual([])
})

test('the storefront runs under the security policy with no violation', async ({ page }) => {
  const violations = await watchViolations(page)
  await signIn(page, DEMO.buyerA)
  await page.goto('/catalog')
  await expect(page.getByTestId('product-card')).toHaveCount(20)
  await page.goto('/cart')
  await page.waitForLoadState('networkidle')
  expect(violations).toEqual([])
})
