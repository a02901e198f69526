// GraphQL documents the catalog pages share.
import { graphql } from '@/shared/graphql'

export const CATEGORIES_AND_BRANDS = graphql(`
  query SupplierCategoriesAndBrands {
    categories { id name parentId }
    brands { id name }
  }
`)

export const CUSTOMER_ACCOUNTS = graphql(`
  query SupplierCatalogCustomerAccounts {
    customerAccounts(first: 100, filter: { status: [APPROVED] }) {
      nodes { id tier customerGroup region buyer { id name code } }
    }
  }
`)

/** Variants by SKU or product name, for pickers. */
export const VARIANT_SEARCH = graphql(`
  query SupplierVariantSearch($search: String!) {
    products(first: 20, filter: { search: $search }) {
      nodes { id name variants { id sku } }
    }
  }
`)
