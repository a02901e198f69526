import { describe, expect, it } from 'vitest'
import { exportPath, templatePath } from './documents'

describe('export addresses', () => {
  it('filters only orders by period and status', () => {
    expect(exportPath('orders', 'xlsx', { from: '2026-11-01', to: '2026-11-30', statuses: ['APPROVED', 'SHIPPED'] })).toBe(
      '/exports/orders.xlsx?from=2026-11-01&to=2026-11-30&status=APPROVED%2CSHIPPED',
    )
    expect(exportPath('products', 'csv', { from: '2026-11-01' })).toBe('/exports/products.csv')
    expect(templatePath('customers', 'xlsx')).toBe('/exports/templates/customers.xlsx')
  })
})
