// The customer (buyer) of each customer account or order a page's rows name, for those on the page
// only: one request (BUYER_NAMES), whatever their number.
import { useQuery } from '@urql/vue'
import { computed } from 'vue'
import { BUYER_NAMES } from './documents'

/** `name(id)`: the buyer's name of the account or order `id`, '—' while unknown. */
export function useBuyerNames(ids: () => readonly string[]) {
  const unique = computed(() => [...new Set(ids())])
  const names = useQuery({ query: BUYER_NAMES, variables: computed(() => ({ ids: unique.value })), pause: computed(() => unique.value.length === 0) })
  return computed(() => {
    const byId = new Map<string, string>()
    for (const node of names.data.value?.nodes ?? []) {
      if (node && 'buyer' in node) byId.set(node.id, node.buyer.name)
    }
    return (id: string) => byId.get(id) ?? '—'
  })
}
