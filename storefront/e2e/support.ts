// What the browser tests share: the demo users, the API called directly (as the supplier, or to
// set a buyer up), signing in, and screenshots named by page and viewport.
import { expect, type Page, type TestInfo } from '@playwright/test'

export const PASSWORD = 'demo12345'
export const DEMO = {
  buyerA: 'buyer@dealer-a.demo',
  receiverA: 'receiver@dealer-a.demo',
  buyerB: 'buyer@dealer-b.demo',
  supplierAdmin: 'admin@huaxin.demo',
  approver: 'approver@huaxin.demo',
  finance: 'finance@huaxin.demo',
  warehouse: 'warehouse@huaxin.demo',
} as const

export const BASE_URL = `http://127.0.0.1:${process.env.E2E_PORT ?? '8765'}`
const API = `${BASE_URL}/graphql`
const SESSION_KEYS = { buyer: 'dinghuo.buyer.session', supplier: 'dinghuo.supplier.session' } as const

export interface Tokens {
  token: string
  refreshToken: string
  tokenExpiresAt: string
}

/** Calls the API; fails the test on a top-level error so a broken setup says what broke. */
export async function api<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const response = await fetch(API, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  })
  const body = (await response.json()) as { data?: T; errors?: unknown }
  if (body.errors || !body.data) throw new Error(`API error: ${JSON.stringify(body.errors)} for ${query.slice(0, 80)}`)
  return body.data
}

export async function login(email: string): Promise<Tokens> {
  const data = await api<{ login: Tokens & { userErrors: unknown[] } }>(
    `mutation ($input: LoginInput!) { login(input: $input) { token refreshToken tokenExpiresAt userErrors { code message } } }`,
    { input: { login: email, password: PASSWORD } },
  )
  expect(data.login.userErrors).toEqual([])
  return data.login
}

/** Signs a user in to the storefront (buyer) or the dashboard (supplier) without the login form. */
export async function signIn(page: Page, email: string, app: keyof typeof SESSION_KEYS = 'buyer'): Promise<Tokens> {
  const tokens = await login(email)
  await page.addInitScript(
    ([key, session]) => {
      if (!window.sessionStorage.getItem('e2e.signed-in')) {
        window.localStorage.setItem(key, session)
        window.sessionStorage.setItem('e2e.signed-in', '1')
      }
    },
    [SESSION_KEYS[app], JSON.stringify({ token: tokens.token, refreshToken: tokens.refreshToken, expiresAt: tokens.tokenExpiresAt })] as const,
  )
  return tokens
}

/** A screenshot under test-results/screenshots/<name>-<project>.png: the whole page, or what
 * the screen shows (fixed bars where the user sees them). */
export async function screenshot(page: Page, testInfo: TestInfo, name: string, { fullPage = true } = {}): Promise<void> {
  await page.evaluate(() => document.fonts.ready)
  await page.screenshot({ path: `test-results/screenshots/${name}-${testInfo.project.name}.png`, fullPage })
}

async function liveSubscriptionsOnServer(): Promise<number> {
  const response = await fetch(`${BASE_URL}/readyz`)
  return ((await response.json()) as { liveSubscriptions?: number }).liveSubscriptions ?? 0
}

/**
 * Waits until the server listens for at least `count` live subscriptions. A page's subscribe frame
 * is on its way, not yet a subscription the server runs: an event made in between is not the page's.
 */
export async function untilServerListens(count: number): Promise<void> {
  await expect.poll(liveSubscriptionsOnServer, { timeout: 10_000 }).toBeGreaterThanOrEqual(count)
}
