import { expect, test } from '@playwright/test'
import { adminToken, buyerToken, buyerVariant } from './supplier-catalog-helpers'
import { api, DEMO, screenshot, signIn } from './support'

test('the admin creates a product with a variant, lists it for buyers and takes it off again', async ({ page }, testInfo) => {
  const stamp = Date.now().toString(36).toUpperCase()
  const name = `E2E 测试商品 ${stamp}`
  const sku = `E2E-${stamp}`
  const admin = await adminToken()
  const buyer = await buyerToken()
  let productId: string | null = null
  try {
    await signIn(page, DEMO.supplierAdmin, 'supplier')
    await page.goto('/supplier/products')
    await expect(page.getByTestId('product-row').first()).toBeVisible()
    await screenshot(page, testInfo, 'supplier-products')

    await page.getByTestId('product-create').click()
    const form = page.getByTestId('product-form')
    const variant = form.getByTestId('variant-row').first()
    await variant.getByTestId('field-sku').locator('input').fill(sku)
    await variant.getByTestId('field-unit').locator('input').fill('箱')
    await variant.getByTestId('field-pack').locator('input').fill('24瓶/箱')
    await variant.getByTestId('field-barcode').locator('input').fill('6900000000001')
    await variant.getByTestId('field-base-price').locator('input').fill('48.50')
    await variant.getByTestId('field-breaks').locator('input').fill('10:46, 50:45')
    await form.getByTestId('field-images').locator('textarea').fill('https://img.dinghuo.example/e2e/1.jpg')
    // The name is left out: the server's REQUIRED shows under the name field.
    await form.getByTestId('product-save').click()
    await expect(form.getByTestId('field-name').locator('.el-form-item__error')).toHaveText('此项必填')
    await screenshot(page, testInfo, 'supplier-product-form')

    await form.getByTestId('field-name').locator('input').fill(name)
    await form.getByTestId('product-save').click()
    await expect(form).toBeHidden()

    await page.getByTestId('product-search').fill(sku)
    await page.getByTestId('product-search').press('Enter')
    const row = page.getByTestId('product-row').filter({ hasText: name })
    await expect(row).toHaveAttribute('data-published', 'false')
    await expect(page.getByTestId('product-row')).toHaveCount(1)
    productId = await row.getAttribute('data-id')
    expect(await buyerVariant(buyer, sku)).toBeNull()

    await page.getByTestId('product-publish').click()
    await expect(row).toHaveAttribute('data-published', 'true')
    // The buyer's own price is its tier's rate of it (dealer-a: A级 90%); the base price is ours.
    await expect.poll(async () => (await buyerVariant(buyer, sku))?.basePrice?.amount).toBe('48.50')

    // Editing keeps the variant's terms: the drawer shows them as saved.
    await page.getByTestId('product-edit').click()
    await expect(form.getByTestId('variant-row')).toHaveCount(1)
    await expect(form.getByTestId('field-pack').locator('input')).toHaveValue('24瓶/箱')
    await expect(form.getByTestId('field-breaks').locator('input')).toHaveValue('10:46.00, 50:45.00')
    await form.getByTestId('field-base-price').locator('input').fill('49')
    await form.getByTestId('product-save').click()
    await expect(form).toBeHidden()
    await expect.poll(async () => (await buyerVariant(buyer, sku))?.basePrice?.amount).toBe('49.00')

    await page.getByTestId('product-publish').click()
    await expect(row).toHaveAttribute('data-published', 'false')
    await expect.poll(async () => await buyerVariant(buyer, sku)).toBeNull()
  } finally {
    if (productId) await api(`mutation ($id: ID!) { productPublish(input: { productId: $id, published: false }) { userErrors { code } } }`, { id: productId }, admin)
  }
})
