import { expect, test, type Page } from '@playwright/test'
import { DEMO, screenshot, signIn } from './support'

async function search(page: Page, text: string) {
  const input = page.getByTestId('catalog-search').locator('input')
  await input.fill(text)
  await input.press('Enter')
  await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(text)}`))
}

test.beforeEach(async ({ page }) => {
  await signIn(page, DEMO.buyerA)
})

test('searching by name, by SKU and by barcode finds the product', async ({ page }) => {
  await page.goto('/catalog')
  await expect(page.getByTestId('product-card')).toHaveCount(20)

  await search(page, '黄油曲奇')
  await expect(page.getByTestId('product-card')).toHaveCount(1)
  await expect(page.getByTestId('product-card')).toContainText('黄油曲奇 Butter cookies')

  await search(page, 'HX-PA-004-1')
  await expect(page.getByTestId('product-card')).toHaveCount(1)
  await expect(page.getByTestId('product-card')).toContainText('橄榄油 Olive oil')

  // The barcode of 天然矿泉水's only variant (EAN-13 built by the demo seed).
  await search(page, '6901234014006')
  await expect(page.getByTestId('product-card')).toHaveCount(1)
  await expect(page.getByTestId('product-card')).toContainText('天然矿泉水')

  await search(page, 'no-such-product-anywhere')
  await expect(page.getByTestId('state-empty')).toBeVisible()
  await expect(page.getByTestId('product-card')).toHaveCount(0)
})

test('choosing a category narrows the list, its sub-categories included', async ({ page }) => {
  await page.goto('/catalog')
  await expect(page.getByTestId('catalog-count')).toHaveText('共 60 件商品')

  await page.getByTestId('category-item').filter({ hasText: '粮油调味' }).click()
  await expect(page).toHaveURL(/category=/)
  // 粮油调味 holds oil and condiments, and condiments hold soy sauce and vinegar: 14 products in all.
  await expect(page.getByTestId('catalog-count')).toHaveText('共 14 件商品')
  await expect(page.getByTestId('product-card').filter({ hasText: '生抽 Light soy sauce' })).toBeVisible()
  await expect(page.getByTestId('product-card').filter({ hasText: '纯牛奶' })).toHaveCount(0)

  await page.getByTestId('category-item').filter({ hasText: '调味品' }).click()
  await expect(page.getByTestId('catalog-count')).toHaveText('共 9 件商品')
  await page.getByTestId('category-item').filter({ hasText: '酱油' }).click()
  await expect(page.getByTestId('catalog-count')).toHaveText('共 3 件商品')
  await expect(page.getByTestId('product-card')).toHaveCount(3)

  await page.getByTestId('category-all').click()
  await expect(page.getByTestId('catalog-count')).toHaveText('共 60 件商品')
})

test('filters and sorts narrow and order the list, and sold-out products are marked', async ({ page }) => {
  await page.goto('/catalog?q=开心果')
  await expect(page.getByTestId('product-card')).toHaveCount(1)
  await expect(page.getByTestId('product-card').getByTestId('sold-out')).toBeVisible()

  await page.goto('/catalog?q=开心果&inStock=1')
  await expect(page.getByTestId('state-empty')).toBeVisible()

  await page.goto('/catalog')
  await page.getByTestId('catalog-filter').click()
  await page.getByTestId('filter-tag').filter({ hasText: '热销' }).click()
  await page.getByTestId('filter-apply').click()
  await expect(page).toHaveURL(/tag=HOT/)
  await expect(page.getByTestId('product-card').first()).toContainText('热销')

  await page.goto('/catalog?sort=PRICE_DESC&category=' + (await firstCategoryId(page, '乳制品')))
  await expect(page.getByTestId('product-card').first()).toContainText('奶酪棒')
})

async function firstCategoryId(page: Page, name: string): Promise<string> {
  await page.goto('/catalog')
  await page.getByTestId('category-item').filter({ hasText: name }).click()
  await expect(page).toHaveURL(/category=/)
  return new URL(page.url()).searchParams.get('category') ?? ''
}

test('scrolling to the end loads the next page of products', async ({ page }, testInfo) => {
  await page.goto('/catalog')
  const cards = page.getByTestId('product-card')
  await expect(cards).toHaveCount(20)
  await expect(cards.first().locator('.price-tag__price')).toHaveText(/¥/)
  await screenshot(page, testInfo, 'catalog')

  await cards.last().scrollIntoViewIfNeeded()
  await page.mouse.wheel(0, 2000)
  // The list may read page 3 right after page 2 when the end is still within reach: at least 40.
  await expect.poll(() => cards.count()).toBeGreaterThanOrEqual(40)
  await cards.last().scrollIntoViewIfNeeded()
  await page.mouse.wheel(0, 2000)
  await expect(cards).toHaveCount(60)
  await expect(page.getByText('没有更多了')).toBeVisible()
})
