// A cursor-paged list of the approvals tables (inbox, payments, returns): the query runs on the
// page its pager points at, back to the first page when a filter changes; ListCard shows its
// states, rows and pager.
import type { AnyVariables, UseQueryResponse } from '@urql/vue'
import { computed, reactive, watch, type WatchSource } from 'vue'
import { CursorPager, type PagedConnection } from './pager'

export interface Connection<Node> extends PagedConnection {
  nodes: readonly Node[]
}

export function usePagedList<Data, Variables extends AnyVariables, Node>(options: {
  /** The list's query for the page the pager points at (`pager.after`). */
  query: (pager: { readonly after: string | null }) => UseQueryResponse<Data, Variables>
  connection: (data: Data) => Connection<Node>
  /** Filters whose change goes back to the first page. */
  resetOn?: WatchSource
}) {
  const pager = reactive(new CursorPager())
  if (options.resetOn) watch(options.resetOn, () => pager.reset())
  const list = options.query(pager)
  const connection = computed(() => (list.data.value ? options.connection(list.data.value) : undefined))
  return reactive({
    pager,
    connection,
    rows: computed(() => connection.value?.nodes ?? []),
    loading: computed(() => list.fetching.value && !list.data.value),
    error: computed(() => (list.data.value ? null : list.error.value)),
    refresh: (): void => {
      list.executeQuery({ requestPolicy: 'network-only' })
    },
  })
}

export type PagedList = ReturnType<typeof usePagedList<unknown, AnyVariables, unknown>>
