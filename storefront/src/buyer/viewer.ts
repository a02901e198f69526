// Who is signed in: the user, the organization and its roles, for the pages that adapt to them.
import { useQuery } from '@urql/vue'
import { computed } from 'vue'
import { graphql } from '@/shared/graphql'

export const VIEWER = graphql(`
  query BuyerViewer {
    viewer {
      user { id name email phone }
      organization { id name code }
      roles
    }
  }
`)

export function useViewer() {
  const query = useQuery({ query: VIEWER })
  const viewer = computed(() => query.data.value?.viewer ?? null)
  const isAdmin = computed(() => viewer.value?.roles.includes('ADMIN') ?? false)
  return { viewer, isAdmin, fetching: query.fetching, error: query.error }
}
