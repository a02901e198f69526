// The bulk imports (productsImport, customersImport) and the export files' addresses.
import { graphql } from '@/shared/graphql'

export const PRODUCTS_IMPORT = graphql(`
  mutation ProductsImport($input: ProductsImportInput!) {
    productsImport(input: $input) {
      created
      updated
      written
      rowErrors { row column code message }
      userErrors { field code message }
    }
  }
`)

export const CUSTOMERS_IMPORT = graphql(`
  mutation CustomersImport($input: CustomersImportInput!) {
    customersImport(input: $input) {
      created
      updated
      written
      rowErrors { row column code message }
      userErrors { field code message }
    }
  }
`)

export type ImportKind = 'products' | 'customers'
export type ExportKind = ImportKind | 'orders'
export type FileFormat = 'xlsx' | 'csv'

export interface OrderExportFilter {
  from?: string
  to?: string
  statuses?: readonly string[]
}

/** GET /exports/{kind}.{format}: the same columns the imports read (orders: filtered by period and status). */
export function exportPath(kind: ExportKind, format: FileFormat, filter: OrderExportFilter = {}): string {
  const query = new URLSearchParams()
  if (kind === 'orders') {
    if (filter.from) query.set('from', filter.from)
    if (filter.to) query.set('to', filter.to)
    if (filter.statuses?.length) query.set('status', filter.statuses.join(','))
  }
  const search = query.toString()
  return `/exports/${kind}.${format}${search ? `?${search}` : ''}`
}

export function templatePath(kind: ImportKind, format: FileFormat): string {
  return `/exports/templates/${kind}.${format}`
}
