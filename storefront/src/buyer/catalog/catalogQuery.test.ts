import { describe, expect, it } from 'vitest'
import { activeFilterCount, catalogQuery, parseCatalogQuery, productFilter } from './catalogQuery'

describe('parseCatalogQuery', () => {
  it('reads the defaults from an empty query', () => {
    expect(parseCatalogQuery({})).toEqual({
      categoryId: null,
      search: '',
      sort: 'NEWEST',
      brandId: null,
      tag: null,
      inStockOnly: false,
      minPrice: null,
      maxPrice: null,
    })
  })

  it('reads every parameter and drops what is not valid', () => {
    const state = parseCatalogQuery({ category: 'c1', q: ' 乌龙 ', sort: 'PRICE_ASC', brand: 'b1', tag: 'HOT', inStock: '1', minPrice: '10', maxPrice: 'abc' })
    expect(state).toEqual({ categoryId: 'c1', search: '乌龙', sort: 'PRICE_ASC', brandId: 'b1', tag: 'HOT', inStockOnly: true, minPrice: '10', maxPrice: null })
    expect(parseCatalogQuery({ sort: 'CHEAPEST', tag: 'SALE', q: ['a', 'b'] })).toMatchObject({ sort: 'NEWEST', tag: null, search: 'a' })
  })

  it('round-trips through the URL query, writing only what differs from the defaults', () => {
    const query = { category: 'c1', q: 'HX-DR-001', sort: 'NAME', inStock: '1' }
    expect(catalogQuery(parseCatalogQuery(query))).toEqual(query)
    expect(catalogQuery(parseCatalogQuery({}))).toEqual({})
  })
})

describe('productFilter and activeFilterCount', () => {
  it('maps the state to the API filter', () => {
    const state = parseCatalogQuery({ q: '6901234001006', category: 'c1', tag: 'NEW' })
    expect(productFilter(state)).toEqual({ search: '6901234001006', categoryId: 'c1', brandId: null, tag: 'NEW', inStockOnly: false, minPrice: null, maxPrice: null })
    expect(productFilter(parseCatalogQuery({})).search).toBeNull()
  })

  it('counts the filters of the filter sheet', () => {
    expect(activeFilterCount(parseCatalogQuery({ q: 'x', category: 'c' }))).toBe(0)
    expect(activeFilterCount(parseCatalogQuery({ brand: 'b', inStock: '1', minPrice: '5' }))).toBe(3)
  })
})
