import { expect, test } from '@playwright/test'
import { adminToken, buyerToken, buyerVariant } from './supplier-catalog-helpers'
import { api, DEMO, screenshot, signIn } from './support'

const SKU = 'HX-DA-009-6'

test('a customer-specific price list for dealer-a prices one SKU for its buyer', async ({ page }, testInfo) => {
  const stamp = Date.now().toString(36).toUpperCase()
  const name = `E2E dealer-a 专属 ${stamp}`
  const admin = await adminToken()
  const buyer = await buyerToken()
  const priceBefore = (await buyerVariant(buyer, SKU))?.price?.amount
  expect(priceBefore).not.toBe('12.34')
  try {
    await signIn(page, DEMO.supplierAdmin, 'supplier')
    await page.goto('/supplier/price-lists')
    await expect(page.getByTestId('price-list-row').first()).toBeVisible()
    await screenshot(page, testInfo, 'supplier-price-lists')

    await page.getByTestId('price-list-create').click()
    const form = page.getByTestId('price-list-form')
    // Nobody to price for yet: the server says so above the "applies to" fields.
    await form.getByTestId('field-name').locator('input').fill(name)
    await page.getByTestId('price-list-save').click()
    await expect(form.getByTestId('field-error-assign')).toBeVisible()
    await form.getByTestId('field-priority').locator('input').fill('1000')
    await form.getByTestId('field-accounts').locator('.el-select').click()
    await page.getByRole('option', { name: 'A区经销商 Dealer A' }).click()
    await form.getByTestId('field-name').locator('input').click()
    await page.getByTestId('price-list-save').click()

    // A fixed list goes straight on to its prices.
    const prices = page.getByTestId('price-form')
    await expect(prices).toBeVisible()
    await prices.getByTestId('field-variant').locator('.el-select').click()
    await page.keyboard.type(SKU)
    await page.getByRole('option', { name: new RegExp(SKU) }).click()
    await prices.getByTestId('field-price').locator('input').fill('12.34')
    await page.getByTestId('prices-save').click()
    await expect(prices).toBeHidden()
    await expect(page.getByTestId('price-list-row').filter({ hasText: name })).toHaveAttribute('data-kind', 'FIXED')
    await expect.poll(async () => (await buyerVariant(buyer, SKU))?.price?.amount).toBe('12.34')
  } finally {
    const { priceLists } = await api<{ priceLists: { id: string; name: string }[] }>(`{ priceLists { id name } }`, {}, admin)
    for (const list of priceLists.filter((l) => l.name === name)) {
      await api(`mutation ($id: ID!) { priceListArchive(input: { priceListId: $id }) { userErrors { code } } }`, { id: list.id }, admin)
    }
  }
  expect((await buyerVariant(buyer, SKU))?.price?.amount).toBe(priceBefore)
})

test('the admin creates a 满减 promotion and sees it listed', async ({ page }, testInfo) => {
  const stamp = Date.now().toString(36).toUpperCase()
  const name = `E2E 满8000减80 ${stamp}`
  const admin = await adminToken()
  try {
    await signIn(page, DEMO.supplierAdmin, 'supplier')
    await page.goto('/supplier/promotions')
    await expect(page.getByTestId('promotion-row').first()).toBeVisible()
    await screenshot(page, testInfo, 'supplier-promotions')

    await page.getByTestId('promotion-create').click()
    const form = page.getByTestId('promotion-form')
    await form.getByTestId('field-name').locator('input').fill(name)
    await form.getByTestId('step-threshold').fill('8000')
    await form.getByTestId('step-discount').fill('9000')
    await page.getByTestId('promotion-save').click()
    // Taking off more than the spend: the error sits on the step.
    await expect(form.getByTestId('step-row').locator('.el-form-item__error')).toHaveText('超出允许范围')
    await form.getByTestId('step-discount').fill('80')
    await page.getByTestId('promotion-save').click()
    await expect(form).toBeHidden()
    await expect(page.getByTestId('promotion-row').filter({ hasText: name })).toHaveAttribute('data-kind', 'THRESHOLD_DISCOUNT')
  } finally {
    const { promotions } = await api<{ promotions: { id: string; name: string }[] }>(`{ promotions { id name } }`, {}, admin)
    for (const promotion of promotions.filter((p) => p.name === name)) {
      await api(`mutation ($id: ID!) { promotionArchive(input: { promotionId: $id }) { userErrors { code } } }`, { id: promotion.id }, admin)
    }
  }
})
