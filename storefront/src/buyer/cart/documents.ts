// The cart group's GraphQL documents. Every cart mutation answers with the whole cart (CartFields),
// so a page shows the new totals from the payload; urql's document cache then refetches the
// other queries that hold a Cart (the tab bar's badge).
import { graphql, type ResultOf } from '@/shared/graphql'
import { ACCOUNT_BALANCE_FIELDS } from '../money/documents'

export const CART_FIELDS = graphql(`
  fragment CartFields on Cart {
    id
    lines {
      id
      productName
      quantity
      quotaRemaining
      unitPrice { amount currency }
      lineAmount { amount currency }
      discount { amount currency }
      lineTotal { amount currency }
      priceExplanation
      warnings { code message }
      variant {
        id
        sku
        unit
        spec { name value }
        minOrderQuantity
        orderMultiple
        maxPerOrder
        available
        volumeBreaks { minQuantity unitPrice { amount currency } }
      }
    }
    warnings { code message }
    gifts { variantId sku productName quantity promotionName imageUrl }
    appliedPromotions { name explanation discount { amount currency } }
    hints { message missingAmount { amount currency } missingQuantity }
    subtotal { amount currency }
    discountTotal { amount currency }
    total { amount currency }
  }
`)

export type CartData = ResultOf<typeof CART_FIELDS>
export type CartLineData = CartData['lines'][number]

export const CART = graphql(
  `
    query BuyerCart($supplierId: ID!) {
      cart(supplierId: $supplierId) { ...CartFields }
    }
  `,
  [CART_FIELDS],
)

export const CART_BADGE = graphql(`
  query BuyerCartBadge($supplierId: ID!) {
    cart(supplierId: $supplierId) { id lines { id } }
  }
`)

export const CART_ADD_BY_SKU = graphql(
  `
    mutation BuyerCartAddBySku($input: CartAddBySkuInput!) {
      cartAddBySku(input: $input) {
        cart { ...CartFields }
        userErrors { field code message }
      }
    }
  `,
  [CART_FIELDS],
)

export const CART_ADD_LINES = graphql(
  `
    mutation BuyerCartAddLines($input: CartAddLinesInput!) {
      cartAddLines(input: $input) {
        cart { ...CartFields }
        userErrors { field code message }
      }
    }
  `,
  [CART_FIELDS],
)

export const CART_UPDATE_LINES = graphql(
  `
    mutation BuyerCartUpdateLines($input: CartUpdateLinesInput!) {
      cartUpdateLines(input: $input) {
        cart { ...CartFields }
        userErrors { field code message }
      }
    }
  `,
  [CART_FIELDS],
)

export const CART_REMOVE_LINES = graphql(
  `
    mutation BuyerCartRemoveLines($input: CartRemoveLinesInput!) {
      cartRemoveLines(input: $input) {
        cart { ...CartFields }
        userErrors { field code message }
      }
    }
  `,
  [CART_FIELDS],
)

export const CART_CLEAR = graphql(
  `
    mutation BuyerCartClear($input: CartClearInput!) {
      cartClear(input: $input) {
        cart { ...CartFields }
        userErrors { field code message }
      }
    }
  `,
  [CART_FIELDS],
)

/** The 目录订单 grid: the supplier's products, each variant a row, priced for the buyer. */
export const GRID_PRODUCTS = graphql(`
  query BuyerQuickOrderGrid($supplierId: ID!, $first: Int!, $after: String) {
    products(supplierId: $supplierId, first: $first, after: $after, sort: NAME) {
      pageInfo { hasNextPage endCursor }
      nodes {
        id
        name
        variants {
          id
          sku
          unit
          spec { name value }
          minOrderQuantity
          orderMultiple
          price { amount currency }
        }
      }
    }
  }
`)

export const CHECKOUT_DATA = graphql(
  `
    query BuyerCheckout($supplierId: ID!, $customerAccountId: ID!) {
      cart(supplierId: $supplierId) { ...CartFields }
      addresses { id label recipient phone region street postalCode isDefault }
      accountBalance(customerAccountId: $customerAccountId) { ...AccountBalanceFields }
    }
  `,
  [CART_FIELDS, ACCOUNT_BALANCE_FIELDS],
)

export const CHECKOUT = graphql(`
  mutation BuyerCheckout($input: CheckoutInput!) {
    checkout(input: $input) {
      order { id number }
      userErrors { field code message }
    }
  }
`)
