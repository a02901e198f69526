import { expect, test, type Page } from '@playwright/test'
import { api, DEMO, screenshot, signIn } from './support'
import { tokenOf } from './supplier-approvals-support'

const SUMMARY = `query S($from: Date!, $to: Date!) { salesAnalytics(from: $from, to: $to) {
  summary { sales { amount } orders averageOrderValue { amount } repeatRate }
  breakdown(dimension: TIER) { rows(first: 10) { nodes { label sales { amount } } } }
  customers(first: 20) { totalCount nodes { name } } } }`

interface Analytics {
  salesAnalytics: {
    summary: { sales: { amount: string }; orders: number; averageOrderValue: { amount: string }; repeatRate: string }
    breakdown: { rows: { nodes: { label: string | null; sales: { amount: string } }[] } }
    customers: { totalCount: number; nodes: { name: string }[] }
  }
}

const yuan = (amount: string) => `¥${Number(amount).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)
// The demo's orders were placed when it was seeded; a day past today covers the supplier's timezone.
const PERIOD = { from: day(-29), to: day(1) }
const SALES_PAGE = `/supplier/analytics?from=${PERIOD.from}&to=${PERIOD.to}`

async function figures(login: string) {
  return (await api<Analytics>(SUMMARY, PERIOD, await tokenOf(login))).salesAnalytics
}

async function expectKpis(page: Page, expected: Analytics['salesAnalytics']) {
  await expect(page.getByTestId('kpi-sales')).toHaveText(yuan(expected.summary.sales.amount))
  await expect(page.getByTestId('kpi-orders')).toHaveText(String(expected.summary.orders))
  await expect(page.getByTestId('kpi-aov')).toHaveText(yuan(expected.summary.averageOrderValue.amount))
  await expect(page.getByTestId('kpi-repeat')).toHaveText(`${(Number(expected.summary.repeatRate) * 100).toFixed(1)}%`)
}

test('the admin reads the sales overview: KPIs as the API counts them, a drawn trend, a breakdown by tier, an Excel file', async ({ page }, testInfo) => {
  const expected = await figures(DEMO.supplierAdmin)
  expect(expected.summary.orders).toBeGreaterThan(0)
  await signIn(page, DEMO.supplierAdmin, 'supplier')
  await page.goto(SALES_PAGE)
  await expectKpis(page, expected)
  await expect(page.getByTestId('reports-line-chart').locator('canvas')).toBeVisible()
  await expect(page.getByTestId('reports-top').getByTestId('ranking-name').first()).toBeVisible()

  await page.getByTestId('reports-dimension').click()
  await page.getByRole('option', { name: '客户等级' }).click()
  const tiers = expected.breakdown.rows.nodes.map((row) => row.label ?? '未设置')
  await expect(page.getByTestId('reports-breakdown-table').getByTestId('ranking-name')).toHaveText(tiers)
  await expect(page.getByTestId('reports-bar-chart').locator('canvas')).toBeVisible()
  await screenshot(page, testInfo, 'supplier-analytics')

  const download = page.waitForEvent('download')
  await page.getByTestId('reports-overview-export').click()
  expect((await download).suggestedFilename()).toBe(`sales-overview-${PERIOD.from}-${PERIOD.to}.xlsx`)
  const breakdownFile = page.waitForEvent('download')
  await page.getByTestId('reports-breakdown-export').click()
  expect((await breakdownFile).suggestedFilename()).toBe(`sales-breakdown-${PERIOD.from}-${PERIOD.to}.xlsx`)
})

test('sales1 sees only the totals of their own customers, and their customers only on the customers page', async ({ page }, testInfo) => {
  const everyone = await figures(DEMO.supplierAdmin)
  const theirs = await figures('sales1@huaxin.demo')
  expect(Number(theirs.summary.sales.amount)).toBeLessThan(Number(everyone.summary.sales.amount))
  await signIn(page, 'sales1@huaxin.demo', 'supplier')
  await page.goto(SALES_PAGE)
  await expectKpis(page, theirs)

  await page.goto(`/supplier/analytics/customers?from=${PERIOD.from}&to=${PERIOD.to}`)
  await expect(page.getByTestId('activity-row')).toHaveCount(theirs.customers.nodes.length)
  expect(await page.getByTestId('activity-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-name')))).toEqual(
    theirs.customers.nodes.map((node) => node.name),
  )
  await screenshot(page, testInfo, 'supplier-analytics-customers')
  const download = page.waitForEvent('download')
  await page.getByTestId('reports-customers-export').click()
  expect((await download).suggestedFilename()).toBe(`sales-customers-${PERIOD.from}-${PERIOD.to}.xlsx`)
})

test('the warehouse has no analytics in its menu', async ({ page }) => {
  await signIn(page, DEMO.warehouse, 'supplier')
  await page.goto('/supplier/')
  await expect(page.getByRole('menuitem').first()).toBeVisible()
  await expect(page.getByRole('menuitem', { name: '销售统计' })).toHaveCount(0)
})
