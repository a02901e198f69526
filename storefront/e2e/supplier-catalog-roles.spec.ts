import { expect, test } from '@playwright/test'
import { SALES } from './supplier-catalog-helpers'
import { signIn } from './support'

test('a sales rep reads the catalog but gets none of its write buttons', async ({ page }) => {
  await signIn(page, SALES, 'supplier')
  await page.goto('/supplier/products')
  await expect(page.getByTestId('product-row').first()).toBeVisible()
  await expect(page.getByTestId('menu-products')).toBeVisible()
  await expect(page.getByTestId('menu-price-lists')).toBeVisible()
  await expect(page.getByTestId('menu-stock')).toHaveCount(0)
  await expect(page.getByTestId('product-create')).toHaveCount(0)
  await expect(page.getByTestId('product-publish')).toHaveCount(0)
  await expect(page.getByTestId('product-edit')).toHaveCount(0)

  await page.getByTestId('menu-price-lists').click()
  await expect(page.getByTestId('price-list-row').first()).toBeVisible()
  await expect(page.getByTestId('price-list-create')).toHaveCount(0)
  await expect(page.getByTestId('price-list-prices')).toHaveCount(0)

  await page.getByTestId('menu-promotions').click()
  await expect(page.getByTestId('promotion-row').first()).toBeVisible()
  await expect(page.getByTestId('promotion-create')).toHaveCount(0)
  await expect(page.getByTestId('promotion-archive')).toHaveCount(0)
})
