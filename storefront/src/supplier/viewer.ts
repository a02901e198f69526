// Who is signed in, and what the server lets them call (`viewer.operations`): the menu and the
// buttons follow it, so a role's reach is decided once, on the server.
import { computed, ref } from 'vue'
import { graphql, type ResultOf } from '@/shared/graphql'
import { api } from './api'

export const VIEWER = graphql(`
  query SupplierViewer {
    viewer {
      user { id name email }
      organization { id name code canSell }
      roles
      approvalLevel
      operations
    }
  }
`)

type ViewerData = NonNullable<ResultOf<typeof VIEWER>['viewer']>

const current = ref<ViewerData | null>(null)

export const viewer = computed(() => current.value)

/** Loads the viewer once per sign-in; null when the session is gone. */
export async function loadViewer(): Promise<ViewerData | null> {
  const result = await api.client.query(VIEWER, {}, { requestPolicy: 'network-only' }).toPromise()
  current.value = result.data?.viewer ?? null
  return current.value
}

export function forgetViewer(): void {
  current.value = null
}

/** Whether the signed-in user may call the operation (a root field name, e.g. orderApprove). */
export function may(operation: string): boolean {
  return current.value?.operations.includes(operation) ?? false
}
