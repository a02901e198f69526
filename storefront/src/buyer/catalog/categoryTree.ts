// The API gives a supplier's categories flat, each with its parentId; the catalog shows them as a
// tree: the top level in the sidebar, then one row of chips per level below the chosen category.

export interface CategoryLike {
  id: string
  name: string
  parentId: string | null
  position: number
}

export interface CategoryNode<T extends CategoryLike = CategoryLike> {
  category: T
  children: CategoryNode<T>[]
}

/**
 * The categories as a forest, siblings by position (the API's order among equal positions). A category
 * whose parent is not in the list (hidden, or a loop) is shown at the top level rather than lost.
 */
export function buildCategoryTree<T extends CategoryLike>(flat: readonly T[]): CategoryNode<T>[] {
  const nodes = new Map(flat.map((category) => [category.id, { category, children: [] as CategoryNode<T>[] }]))
  const roots: CategoryNode<T>[] = []
  for (const node of nodes.values()) {
    const parentId = node.category.parentId
    const parent = parentId !== null && !createsLoop(flat, node.category.id) ? nodes.get(parentId) : undefined
    if (parent) parent.children.push(node)
    else roots.push(node)
  }
  const order = new Map(flat.map((category, index) => [category.id, index]))
  const sort = (list: CategoryNode<T>[]) => {
    list.sort((a, b) => a.category.position - b.category.position || (order.get(a.category.id) ?? 0) - (order.get(b.category.id) ?? 0))
    list.forEach((node) => sort(node.children))
  }
  sort(roots)
  return roots
}

function createsLoop(flat: readonly CategoryLike[], id: string): boolean {
  const parents = new Map(flat.map((category) => [category.id, category.parentId]))
  const seen = new Set<string>()
  let current: string | null | undefined = id
  while (current) {
    if (seen.has(current)) return true
    seen.add(current)
    current = parents.get(current)
  }
  return false
}

/** The nodes from the top level down to the category with this id; empty when it is not in the tree. */
export function pathTo<T extends CategoryLike>(tree: readonly CategoryNode<T>[], id: string | null | undefined): CategoryNode<T>[] {
  if (!id) return []
  for (const node of tree) {
    if (node.category.id === id) return [node]
    const below = pathTo(node.children, id)
    if (below.length > 0) return [node, ...below]
  }
  return []
}

/**
 * The rows of chips under the sidebar for the chosen category: the children of each category on the
 * path below the top level, as long as it has children, each row with the one chosen on it.
 */
export function chipRows<T extends CategoryLike>(path: readonly CategoryNode<T>[]): { parent: CategoryNode<T>; chosenId: string | null }[] {
  return path
    .filter((node) => node.children.length > 0)
    .map((parent) => {
      const index = path.indexOf(parent)
      return { parent, chosenId: path[index + 1]?.category.id ?? null }
    })
}
