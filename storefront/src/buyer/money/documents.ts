// The money group's shared GraphQL pieces. The account balance is asked for by the payments list and
// by checkout (credit headroom, prepaid balance): one selection, so both show the same standing.
import { graphql } from '@/shared/graphql'

/** Unmasked (@_unmask): the pages read these fields straight from their query's answer. */
export const ACCOUNT_BALANCE_FIELDS = graphql(`
  fragment AccountBalanceFields on AccountBalance @_unmask {
    balance { amount currency }
    creditLimit { amount currency }
    creditHeadroom { amount currency }
    prepaidBalance { amount currency }
    paymentTermsDays
  }
`)
