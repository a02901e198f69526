// The few notices the home page shows from the current supplier (pinned first, as the server
// orders them) and how many there are in all.
import { useQuery } from '@urql/vue'
import { computed } from 'vue'
import { NOTICES } from './documents'

const HOME_COUNT = 3

export function useHomeNotices(supplierId: string) {
  const query = useQuery({ query: NOTICES, variables: { supplierId, first: HOME_COUNT, after: null, unreadOnly: false }, requestPolicy: 'cache-and-network' })
  return {
    notices: computed(() => query.data.value?.announcements.nodes ?? []),
    total: computed(() => query.data.value?.announcements.totalCount ?? 0),
  }
}
