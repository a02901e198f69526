import { expect, test, type Page } from '@playwright/test'
import { adminToken, DEALER_A, DEALER_B, staffVariant } from './supplier-catalog-helpers'
import { api, DEMO, screenshot, signIn } from './support'

// dealer-a (tier A) pays its own ¥119 for this SKU: 26 of them reach the demo's
// "A级客户满3000减300 满5000减600"; dealer-b (tier B) pays the base price and gets no tier-A 满减.
const SKU = 'HX-PA-001-1'
const QUANTITY = 26
const TIER_A_PROMOTION = 'A级客户满3000减300 满5000减600'

interface Money {
  amount: string
}
interface Preview {
  subtotal: Money
  discountTotal: Money
  total: Money
  appliedPromotions: { name: string; discount: Money }[]
  hints: { message: string }[]
  lines: { unitPrice: Money; lineTotal: Money }[]
}

/** What the API answers for the customer's cart: what the dialog must show. */
async function apiPreview(admin: string, customer: string, variantId: string): Promise<Preview> {
  const { customerAccounts } = await api<{ customerAccounts: { nodes: { id: string; buyer: { name: string } }[] } }>(`{ customerAccounts(first: 100) { nodes { id buyer { name } } } }`, {}, admin)
  const account = customerAccounts.nodes.find((node) => node.buyer.name === customer)!
  const data = await api<{ cartPreview: Preview }>(
    `query ($id: ID!, $lines: [CartLineInput!]!) { cartPreview(customerAccountId: $id, lines: $lines) {
      subtotal { amount } discountTotal { amount } total { amount }
      appliedPromotions { name discount { amount } } hints { message } lines { unitPrice { amount } lineTotal { amount } } } }`,
    { id: account.id, lines: [{ variantId, quantity: QUANTITY }] },
    admin,
  )
  return data.cartPreview
}

/** "3094.00" as the dashboard writes it in zh-CN: ¥3,094.00. */
const yuan = (money: Money) => `¥${Number(money.amount).toLocaleString('en-US', { minimumFractionDigits: 2 })}`

async function pickCustomer(page: Page, name: string): Promise<void> {
  await page.getByTestId('preview-customer').locator('.el-select').click()
  await page.getByRole('option', { name: new RegExp(name) }).click()
}

async function expectShown(page: Page, preview: Preview): Promise<void> {
  const result = page.getByTestId('preview-result')
  await expect(result.getByTestId('preview-subtotal')).toHaveText(yuan(preview.subtotal))
  await expect(result.getByTestId('preview-discount')).toHaveText(`−${yuan(preview.discountTotal)}`)
  await expect(result.getByTestId('preview-total')).toHaveText(yuan(preview.total))
  await expect(result.getByTestId('preview-line-total')).toHaveText([yuan(preview.lines[0]!.lineTotal)])
  await expect(result.getByTestId('preview-promotion')).toHaveCount(preview.appliedPromotions.length)
  for (const promotion of preview.appliedPromotions) {
    const shown = result.getByTestId('preview-promotion').filter({ hasText: promotion.name })
    if (Number(promotion.discount.amount)) await expect(shown).toContainText(`−${yuan(promotion.discount)}`)
    else await expect(shown).toBeVisible()
  }
  await expect(result.getByTestId('preview-hint')).toHaveText(preview.hints.map((hint) => hint.message))
}

test("the promotion preview shows what dealer-a would pay for a cart reaching its 满减, and dealer-b's for comparison", async ({ page }, testInfo) => {
  const admin = await adminToken()
  const variant = await staffVariant(admin, SKU)
  const forA = await apiPreview(admin, DEALER_A, variant.id)
  const forB = await apiPreview(admin, DEALER_B, variant.id)
  // The demo as this test reads it: dealer-a reaches its tier's 满减, dealer-b does not get it.
  expect(forA.appliedPromotions.map((p) => p.name)).toContain(TIER_A_PROMOTION)
  expect(forB.appliedPromotions.map((p) => p.name)).not.toContain(TIER_A_PROMOTION)
  expect(forA.total.amount).not.toBe(forB.total.amount)

  await signIn(page, DEMO.supplierAdmin, 'supplier')
  await page.goto('/supplier/promotions')
  await page.getByTestId('promotion-preview').click()
  // Nothing to price yet: the dialog says what is missing.
  await page.getByTestId('preview-compute').click()
  await expect(page.getByTestId('preview-error')).toHaveText('请选择客户')

  await pickCustomer(page, DEALER_A)
  await page.getByTestId('preview-variant').locator('.el-select').click()
  await page.keyboard.type(SKU)
  await page.getByRole('option', { name: new RegExp(SKU) }).click()
  await page.getByTestId('preview-quantity').locator('input').fill(String(QUANTITY))
  await page.getByTestId('preview-compute').click()
  await expectShown(page, forA)
  await expect(page.getByTestId('preview-result-line')).toHaveAttribute('data-sku', SKU)
  await page.setViewportSize({ width: 1280, height: 1100 })
  await screenshot(page, testInfo, 'supplier-promotion-preview')

  await pickCustomer(page, DEALER_B)
  await page.getByTestId('preview-compute').click()
  await expectShown(page, forB)
  await expect(page.getByTestId('preview-promotion').filter({ hasText: TIER_A_PROMOTION })).toHaveCount(0)
  await screenshot(page, testInfo, 'supplier-promotion-preview-dealer-b')
})
