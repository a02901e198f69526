import { describe, expect, it } from 'vitest'
import { buildCategoryTree, chipRows, pathTo } from './categoryTree'

const flat = [
  { id: 'drinks', name: '饮料', parentId: null, position: 0 },
  { id: 'tea', name: '茶', parentId: 'drinks', position: 1 },
  { id: 'juice', name: '果汁', parentId: 'drinks', position: 0 },
  { id: 'pantry', name: '粮油', parentId: null, position: 0 },
  { id: 'condiments', name: '调味', parentId: 'pantry', position: 0 },
  { id: 'soy', name: '酱油', parentId: 'condiments', position: 0 },
  { id: 'orphan', name: '孤儿', parentId: 'hidden', position: 5 },
]

describe('buildCategoryTree', () => {
  it('nests the flat list by parentId, siblings by position then the API order', () => {
    const tree = buildCategoryTree(flat)
    expect(tree.map((node) => node.category.id)).toEqual(['drinks', 'pantry', 'orphan'])
    expect(tree[0]?.children.map((node) => node.category.id)).toEqual(['juice', 'tea'])
    expect(tree[1]?.children[0]?.children.map((node) => node.category.id)).toEqual(['soy'])
  })

  it('puts a category whose parent is missing or in a loop at the top level', () => {
    const tree = buildCategoryTree([
      { id: 'a', name: 'A', parentId: 'b', position: 0 },
      { id: 'b', name: 'B', parentId: 'a', position: 0 },
    ])
    expect(tree.map((node) => node.category.id).sort()).toEqual(['a', 'b'])
  })

  it('is empty for no categories', () => {
    expect(buildCategoryTree([])).toEqual([])
  })
})

describe('pathTo and chipRows', () => {
  const tree = buildCategoryTree(flat)

  it('finds the path from the top level down to a category', () => {
    expect(pathTo(tree, 'soy').map((node) => node.category.id)).toEqual(['pantry', 'condiments', 'soy'])
    expect(pathTo(tree, 'nothing')).toEqual([])
    expect(pathTo(tree, null)).toEqual([])
  })

  it('shows one row of chips per level with children, each with its chosen chip', () => {
    const rows = chipRows(pathTo(tree, 'condiments'))
    expect(rows.map((row) => [row.parent.category.id, row.chosenId])).toEqual([
      ['pantry', 'condiments'],
      ['condiments', null],
    ])
    expect(chipRows(pathTo(tree, 'juice')).map((row) => [row.parent.category.id, row.chosenId])).toEqual([['drinks', 'juice']])
  })
})
