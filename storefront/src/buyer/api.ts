// The buyer app's session and GraphQL client: one of each for the whole app.
import { createApiClient } from '@/shared/client'
import { sessionStore } from '@/shared/session'

export const session = sessionStore('dinghuo.buyer.session')
export const api = createApiClient(session)
