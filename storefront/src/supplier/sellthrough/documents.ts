// The GraphQL documents of the supplier's sell-through analysis (信息上报分析).
import { graphql, type ResultOf } from '@/shared/graphql'

export const ANALYSIS = graphql(`
  query SupplierSellThroughAnalysis($filter: SellThroughAnalysisFilter!, $first: Int!, $after: String) {
    sellThroughAnalysis(filter: $filter) {
      period days
      totals { quantitySold stockOnHand daysOfStock cover }
      byRegion { region dealerCount figures { quantitySold stockOnHand daysOfStock cover } }
      rows(first: $first, after: $after) {
        totalCount
        nodes { customerAccountId buyerName region productId productName figures { quantitySold stockOnHand daysOfStock cover } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`)

export type Analysis = NonNullable<ResultOf<typeof ANALYSIS>['sellThroughAnalysis']>
export type AnalysisRow = Analysis['rows']['nodes'][number]
export type RegionFigures = Analysis['byRegion'][number]

export const PRODUCT_SEARCH = graphql(`
  query SupplierSellThroughProducts($search: String!) {
    products(first: 20, filter: { search: $search }) { nodes { id name } }
  }
`)
