// A connection read page by page for an infinite list (van-list): the buyer's orders, payments,
// notifications, the catalog and the quick-order grid all page this way. `reload` reads again what is
// shown when something changed (a live event, the page regaining focus, pull to refresh); `restart`
// starts over from an empty list when the question changed (another tab, search or filter).
import type { CombinedError } from '@urql/vue'
import { ref, shallowRef, type Ref } from 'vue'

export interface PageOf<T> {
  nodes: T[]
  pageInfo: { hasNextPage: boolean; endCursor?: string | null }
}

export interface PageResult<T> {
  page?: PageOf<T> | null
  error?: CombinedError
}

export type FetchPage<T> = (first: number, after: string | null) => Promise<PageResult<T>>

export const MAX_PAGE_SIZE = 100

export function usePagedList<T>(fetchPage: FetchPage<T>, pageSize = 20) {
  const items: Ref<T[]> = shallowRef([])
  const loading = ref(false)
  const finished = ref(false)
  const loaded = ref(false)
  const error = shallowRef<CombinedError | null>(null)
  let cursor: string | null = null
  // A reload supersedes a page still on its way; its answer is dropped.
  let generation = 0

  /** Takes a page's answer unless a reload has superseded it: appended after the rows, or replacing them. */
  function take(result: PageResult<T>, mine: number, append: boolean): void {
    if (mine !== generation) return
    loading.value = false
    if (!result.page) {
      error.value = result.error ?? null
      return
    }
    error.value = null
    items.value = append ? [...items.value, ...result.page.nodes] : result.page.nodes
    cursor = result.page.pageInfo.endCursor ?? null
    finished.value = !result.page.pageInfo.hasNextPage
    loaded.value = true
  }

  async function loadMore(): Promise<void> {
    if (finished.value) {
      loading.value = false
      return
    }
    const mine = generation
    loading.value = true
    take(await fetchPage(pageSize, cursor), mine, true)
  }

  /** Reads again as many rows as are shown (one request), replacing them only once they arrive. */
  async function reload(): Promise<void> {
    const mine = ++generation
    const size = Math.min(MAX_PAGE_SIZE, Math.max(pageSize, items.value.length))
    loading.value = true
    take(await fetchPage(size, null), mine, false)
  }

  /** Forgets the rows (and any page still on its way) and reads the first page of a new question. */
  async function restart(): Promise<void> {
    generation += 1
    items.value = []
    cursor = null
    finished.value = false
    loaded.value = false
    error.value = null
    await loadMore()
  }

  return { items, loading, finished, loaded, error, loadMore, reload, restart }
}
