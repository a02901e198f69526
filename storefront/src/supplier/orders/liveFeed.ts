// The board's live feed: every order the caller may see, as it changes. It remembers the last
// eventId; when the websocket comes back it subscribes again from there, so the server replays what
// was missed from its outbox, and tells the page to refetch (the replay keeps at most 1,000 events).
import { onBeforeUnmount, watch } from 'vue'
import type { ResultOf } from '@/shared/graphql'
import { api } from '../api'
import { isLaterEvent } from './board'
import { BOARD_UPDATES } from './documents'

export type BoardUpdate = ResultOf<typeof BOARD_UPDATES>['orderUpdated']

export function useBoardFeed(onUpdate: (update: BoardUpdate) => void, onResumed: () => void): void {
  let lastEventId: string | null = null
  let subscription: { unsubscribe(): void } | null = null

  function subscribe(): void {
    subscription?.unsubscribe()
    subscription = api.client.subscription(BOARD_UPDATES, { afterEventId: lastEventId }).subscribe((result) => {
      const update = result.data?.orderUpdated
      // The replay and a resubscription can bring an event twice: each is applied once.
      if (!update || !isLaterEvent(update.eventId, lastEventId)) return
      lastEventId = update.eventId
      onUpdate(update)
    })
  }

  subscribe()
  const stop = watch(api.reconnections, () => {
    subscribe()
    onResumed()
  })
  onBeforeUnmount(() => {
    stop()
    subscription?.unsubscribe()
  })
}
