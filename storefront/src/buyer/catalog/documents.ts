// The catalog group's mutations, shared by the product page, the favourites and the home page's quick add.
import { graphql } from '@/shared/graphql'

export const CART_ADD_LINES = graphql(`
  mutation CatalogCartAddLines($input: CartAddLinesInput!) {
    cartAddLines(input: $input) {
      cart { id lines { id quantity } }
      userErrors { field code message }
    }
  }
`)

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
