// The catalog's state lives in the URL (?category=&q=&sort=&brand=&tag=&inStock=1&minPrice=&maxPrice=),
// so a search or a filter can be shared, reloaded and reached from other pages' links.

export const SORTS = ['NEWEST', 'NAME', 'SALES', 'PRICE_ASC', 'PRICE_DESC'] as const
export type Sort = (typeof SORTS)[number]
export const TAGS = ['NEW', 'RECOMMENDED', 'HOT'] as const
export type Tag = (typeof TAGS)[number]

export interface CatalogState {
  categoryId: string | null
  search: string
  sort: Sort
  brandId: string | null
  tag: Tag | null
  inStockOnly: boolean
  minPrice: string | null
  maxPrice: string | null
}

type QueryValue = string | null | (string | null)[] | undefined
export type RouteQuery = Record<string, QueryValue>

function first(value: QueryValue): string {
  const single = Array.isArray(value) ? value[0] : value
  return (single ?? '').trim()
}

function oneOf<T extends string>(value: string, allowed: readonly T[]): T | null {
  return allowed.find((candidate) => candidate === value) ?? null
}

const DECIMAL = /^\d+(\.\d+)?$/

export function parseCatalogQuery(query: RouteQuery): CatalogState {
  const minPrice = first(query.minPrice)
  const maxPrice = first(query.maxPrice)
  return {
    categoryId: first(query.category) || null,
    search: first(query.q),
    sort: oneOf(first(query.sort), SORTS) ?? 'NEWEST',
    brandId: first(query.brand) || null,
    tag: oneOf(first(query.tag), TAGS),
    inStockOnly: first(query.inStock) === '1',
    minPrice: DECIMAL.test(minPrice) ? minPrice : null,
    maxPrice: DECIMAL.test(maxPrice) ? maxPrice : null,
  }
}

/** The URL query for a state: only what differs from the defaults. */
export function catalogQuery(state: CatalogState): Record<string, string> {
  const query: Record<string, string> = {}
  if (state.categoryId) query.category = state.categoryId
  if (state.search) query.q = state.search
  if (state.sort !== 'NEWEST') query.sort = state.sort
  if (state.brandId) query.brand = state.brandId
  if (state.tag) query.tag = state.tag
  if (state.inStockOnly) query.inStock = '1'
  if (state.minPrice) query.minPrice = state.minPrice
  if (state.maxPrice) query.maxPrice = state.maxPrice
  return query
}

/** The API's ProductFilter for a state. */
export function productFilter(state: CatalogState) {
  return {
    search: state.search || null,
    categoryId: state.categoryId,
    brandId: state.brandId,
    tag: state.tag,
    inStockOnly: state.inStockOnly,
    minPrice: state.minPrice,
    maxPrice: state.maxPrice,
  }
}

/** How many of the filter sheet's filters are set (brand, tag, in stock, price range), for its badge. */
export function activeFilterCount(state: CatalogState): number {
  return [state.brandId, state.tag, state.inStockOnly || null, state.minPrice ?? state.maxPrice].filter((value) => value !== null).length
}
