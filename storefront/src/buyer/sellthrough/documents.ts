// The GraphQL documents of the dealer's sell-through reports (信息上报).
import { graphql, type ResultOf } from '@/shared/graphql'

export const REPORT_FIELDS = graphql(`
  fragment BuyerSellThroughReport on SellThroughReport @_unmask {
    id period revision submittedAt submittedByName totalSold totalStock
    lines { variantId sku productName quantitySold stockOnHand }
  }
`)

export const REPORTS = graphql(
  `
    query BuyerSellThroughReports($supplierId: ID!, $first: Int!, $after: String) {
      sellThroughReports(first: $first, after: $after, filter: { supplierId: $supplierId }) {
        totalCount
        nodes { ...BuyerSellThroughReport }
        pageInfo { hasNextPage endCursor }
      }
    }
  `,
  [REPORT_FIELDS],
)

export type Report = ResultOf<typeof REPORTS>['sellThroughReports']['nodes'][number]

export const UPLOAD = graphql(
  `
    mutation BuyerSellThroughUpload($input: SellThroughReportUploadInput!) {
      sellThroughReportUpload(input: $input) {
        report { ...BuyerSellThroughReport }
        rows { row sku variantId productName quantitySold stockOnHand }
        rowErrors { row column code message }
        userErrors { field code message }
      }
    }
  `,
  [REPORT_FIELDS],
)

export type UploadResult = NonNullable<ResultOf<typeof UPLOAD>['sellThroughReportUpload']>

export const SUBMIT = graphql(
  `
    mutation BuyerSellThroughSubmit($input: SellThroughReportSubmitInput!) {
      sellThroughReportSubmit(input: $input) {
        report { ...BuyerSellThroughReport }
        userErrors { field code message }
      }
    }
  `,
  [REPORT_FIELDS],
)

export const SKU_SEARCH = graphql(`
  query BuyerSellThroughSkus($supplierId: ID!, $search: String!) {
    products(supplierId: $supplierId, first: 10, filter: { search: $search }) {
      nodes { id name variants { id sku } }
    }
  }
`)

export function templateUrl(supplierId: string): string {
  return `/exports/sell-through-template/${encodeURIComponent(supplierId)}.xlsx`
}

export const ACCESS = graphql(`
  query BuyerSellThroughAccess {
    viewer { operations }
  }
`)
