// What keeps the money pages and the bell current without polling: the buyer's inbox events
// (notificationReceived), the websocket coming up (api.live) and the page regaining focus (for what
// no event reaches the buyer, e.g. a rejected payment).
import { useSubscription } from '@urql/vue'
import { computed, onBeforeUnmount, onMounted, ref, watch } from 'vue'
import { graphql, type ResultOf } from '@/shared/graphql'
import { api, session } from '../api'

export const NOTIFICATION_RECEIVED = graphql(`
  subscription BuyerNotificationReceived {
    notificationReceived { id kind title subjectId }
  }
`)

export type ReceivedNotification = ResultOf<typeof NOTIFICATION_RECEIVED>['notificationReceived']

/** Calls `onEvent` for each new entry of the signed-in user's inbox. */
export function useNotificationEvents(onEvent: (notification: ReceivedNotification) => void) {
  const signedOut = computed(() => !session.signedIn.value)
  return useSubscription({ query: NOTIFICATION_RECEIVED, pause: signedOut }, (_previous, data) => {
    onEvent(data.notificationReceived)
    return data
  })
}

/**
 * Calls `refresh` each time the websocket comes up, the first time included (an event made between the
 * page's first read and its subscription, or while the socket was down, reached no one), and when the tab
 * is shown again.
 */
export function useRefreshWhenLive(refresh: () => void) {
  watch(
    () => api.live.value === true,
    (up) => {
      if (up) refresh()
    },
  )
  const onVisible = () => {
    if (document.visibilityState === 'visible') refresh()
  }
  onMounted(() => {
    document.addEventListener('visibilitychange', onVisible)
    window.addEventListener('focus', onVisible)
  })
  onBeforeUnmount(() => {
    document.removeEventListener('visibilitychange', onVisible)
    window.removeEventListener('focus', onVisible)
  })
}

export const UNREAD_COUNT = graphql(`
  query BuyerUnreadNotificationCount {
    unreadNotificationCount
  }
`)

/** The signed-in user's unread count, shared by the bell and the inbox page. */
export const unreadCount = ref<number | null>(null)

export async function refreshUnreadCount(): Promise<void> {
  if (!session.signedIn.value) {
    unreadCount.value = null
    return
  }
  const result = await api.client.query(UNREAD_COUNT, {}, { requestPolicy: 'network-only' }).toPromise()
  if (result.data) unreadCount.value = result.data.unreadNotificationCount
}
