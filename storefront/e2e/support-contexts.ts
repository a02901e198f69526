// Tests where a supplier's staff and buyers act at once, each in a browser context of its own:
// the dashboard on a desktop screen, the storefront on the project's device.
import { devices, type Browser, type BrowserContext, type TestInfo } from '@playwright/test'
import { BASE_URL } from './support'

export async function dashboardContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ baseURL: BASE_URL, viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, isMobile: false, hasTouch: false, locale: 'zh-CN' })
}

export async function storefrontContext(browser: Browser, testInfo: TestInfo): Promise<BrowserContext> {
  const device = testInfo.project.name === 'phone' ? devices['Pixel 7'] : { viewport: { width: 1280, height: 800 } }
  return browser.newContext({ ...device, baseURL: BASE_URL, locale: 'zh-CN' })
}

export async function liveSubscriptions(): Promise<number> {
  const response = await fetch(`${BASE_URL}/readyz`)
  return ((await response.json()) as { liveSubscriptions?: number }).liveSubscriptions ?? 0
}
