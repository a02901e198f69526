// The supplier's own warehouses, by code: what every warehouse picker offers.
import { graphql } from '@/shared/graphql'

export const WAREHOUSES = graphql(`
  query SupplierWarehouses {
    warehouses { id code name }
  }
`)
