// The catalog group's mutations, shared by the product page and the favourites (adding to the cart is
// the cart group's CART_ADD_LINES).
import { graphql } from '@/shared/graphql'

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
