import { defineConfig, devices } from '@playwright/test'
import { BASE_URL } from './e2e/support'

// Debian's chromium, not Playwright's download (the test machines reach no browser CDN).
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export default defineConfig({
  testDir: 'e2e',
  // One server, one demo data set: tests share buyers' carts, so they run one at a time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: BASE_URL,
    testIdAttribute: 'data-test',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: { executablePath, args: ['--no-sandbox'] },
  },
  projects: [
    { name: 'phone', testIgnore: /supplier-.*\.spec\.ts/, use: { ...devices['Pixel 7'], defaultBrowserType: 'chromium', locale: 'zh-CN' } },
    { name: 'desktop', testMatch: /(screens|supplier-.*|notices|service-messages|sellthrough)\.spec\.ts/, use: { viewport: { width: 1280, height: 800 }, locale: 'zh-CN' } },
  ],
  webServer: {
    command: 'node e2e/server.mjs',
    url: `${BASE_URL}/healthz`,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
})
