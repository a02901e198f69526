// The analytics pages' GraphQL documents: one `salesAnalytics` per period, each page selecting its views.
import { graphql, type ResultOf } from '@/shared/graphql'

export const SALES_OVERVIEW = graphql(`
  query SupplierSalesOverview($from: Date!, $to: Date!, $granularity: Granularity!) {
    salesAnalytics(from: $from, to: $to) {
      currency
      summary {
        sales { amount currency }
        orders
        averageOrderValue { amount currency }
        customers
        repeatCustomers
        repeatRate
      }
      series(granularity: $granularity) { startsOn orders sales { amount currency } }
      topProducts(limit: 10) { id label sales { amount currency } quantity orders share }
      slowProducts(limit: 10) { unsoldCount rows { id label sales { amount currency } quantity orders share } }
    }
  }
`)

export const SALES_BREAKDOWN = graphql(`
  query SupplierSalesBreakdown($from: Date!, $to: Date!, $dimension: SalesDimension!, $sortBy: SalesMeasure!, $first: Int!, $after: String) {
    salesAnalytics(from: $from, to: $to) {
      breakdown(dimension: $dimension) {
        dimension
        total { amount currency }
        rows(sortBy: $sortBy, first: $first, after: $after) {
          totalCount
          pageInfo { hasNextPage endCursor }
          nodes { id label sales { amount currency } quantity orders share }
        }
      }
    }
  }
`)

export const SALES_CUSTOMERS = graphql(`
  query SupplierSalesCustomers($from: Date!, $to: Date!, $atRiskOnly: Boolean!, $sortBy: SalesMeasure!, $first: Int!, $after: String) {
    salesAnalytics(from: $from, to: $to) {
      summary { customers repeatCustomers repeatRate }
      customers(atRiskOnly: $atRiskOnly, sortBy: $sortBy, first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes {
          customerAccountId
          name
          tier
          region
          orders
          sales { amount currency }
          quantity
          share
          firstOrderOn
          lastOrderOn
          daysSinceLastOrder
          averageDaysBetweenOrders
          medianDaysBetweenOrders
          atRisk
        }
      }
    }
  }
`)

type Analytics = NonNullable<ResultOf<typeof SALES_OVERVIEW>['salesAnalytics']>
export type SalesPoint = Analytics['series'][number]
export type SalesRow = Analytics['topProducts'][number]
export type CustomerActivityRow = ResultOf<typeof SALES_CUSTOMERS>['salesAnalytics']['customers']['nodes'][number]
export type Dimension = ResultOf<typeof SALES_BREAKDOWN>['salesAnalytics']['breakdown']['dimension']
export const DIMENSIONS: readonly Dimension[] = ['PRODUCT', 'CATEGORY', 'BRAND', 'CUSTOMER', 'TIER', 'REGION', 'SALES_REP']
export type Measure = 'SALES' | 'QUANTITY' | 'ORDERS'
export const MEASURES: readonly Measure[] = ['SALES', 'QUANTITY', 'ORDERS']
export type Granularity = 'DAY' | 'WEEK' | 'MONTH'
export const GRANULARITIES: readonly Granularity[] = ['DAY', 'WEEK', 'MONTH']
