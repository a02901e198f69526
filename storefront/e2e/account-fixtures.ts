// What the account and public specs share: a fresh buying company of its own (registered through the
// API), so a test may change its users and password without touching the demo buyers others use.
import { api, type Tokens } from './support'

export const FRESH_PASSWORD = 'fresh-pass-2026'

export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@e2e.test`
}

export async function supplierIdByName(name: string): Promise<string> {
  const data = await api<{ suppliers: { id: string; name: string }[] }>(`{ suppliers { id name } }`)
  const supplier = data.suppliers.find((s) => s.name.startsWith(name))
  if (!supplier) throw new Error(`No supplier ${name} open to registration: ${JSON.stringify(data.suppliers)}`)
  return supplier.id
}

/** A new company (pending at 华鑫食品) with its first user, its ADMIN; signed in through the API. */
export async function freshBuyer(prefix: string): Promise<{ email: string; tokens: Tokens }> {
  const email = uniqueEmail(prefix)
  const supplierId = await supplierIdByName('华鑫食品')
  const registered = await api<{ buyerRegister: { userErrors: unknown[] } }>(
    `mutation ($input: BuyerRegisterInput!) { buyerRegister(input: $input) { userErrors { field code message } } }`,
    { input: { supplierId, companyName: `E2E ${prefix} 公司`, user: { name: `E2E ${prefix}`, email, password: FRESH_PASSWORD } } },
  )
  if (registered.buyerRegister.userErrors.length) throw new Error(JSON.stringify(registered.buyerRegister.userErrors))
  const data = await api<{ login: Tokens & { userErrors: unknown[] } }>(
    `mutation ($input: LoginInput!) { login(input: $input) { token refreshToken tokenExpiresAt userErrors { code message } } }`,
    { input: { login: email, password: FRESH_PASSWORD } },
  )
  if (data.login.userErrors.length) throw new Error(JSON.stringify(data.login.userErrors))
  return { email, tokens: data.login }
}

/** Puts a session the test already holds into the page, as support's signIn does for demo users. */
export async function signInWith(page: import('@playwright/test').Page, tokens: Tokens): Promise<void> {
  await page.addInitScript(
    ([key, session]) => {
      if (!window.sessionStorage.getItem('e2e.signed-in')) {
        window.localStorage.setItem(key, session)
        window.sessionStorage.setItem('e2e.signed-in', '1')
      }
    },
    ['dinghuo.buyer.session', JSON.stringify({ token: tokens.token, refreshToken: tokens.refreshToken, expiresAt: tokens.tokenExpiresAt })] as const,
  )
}
