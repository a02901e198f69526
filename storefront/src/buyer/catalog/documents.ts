// The catalog group's shared documents: the favourite mutations (product page, favourites list) and
// the variant-offer fields (favourites, home). Adding to the cart is the cart group's CART_ADD_LINES.
import { graphql, type ResultOf } from '@/shared/graphql'

export const FAVORITE_ADD = graphql(`
  mutation CatalogFavoriteAdd($input: FavoriteInput!) {
    favoriteAdd(input: $input) {
      favorites { id }
      userErrors { field code message }
    }
  }
`)

export const FAVORITE_REMOVE = graphql(`
  mutation CatalogFavoriteRemove($input: FavoriteInput!) {
    favoriteRemove(input: $input) {
      favorites { id }
      userErrors { field code message }
    }
  }
`)

/**
 * A variant as a line to reorder from (VariantOffer): the favourites and what the buyer orders most.
 * Unmasked (@_unmask): the pages hand the fields straight to VariantOffer.
 */
export const OFFER_FIELDS = graphql(`
  fragment CatalogOfferFields on Variant @_unmask {
    id
    sku
    unit
    spec { name value }
    minOrderQuantity
    orderMultiple
    available
    price { amount currency }
    basePrice { amount currency }
    promotions { id name kind }
  }
`)

export type Offer = ResultOf<typeof OFFER_FIELDS>
