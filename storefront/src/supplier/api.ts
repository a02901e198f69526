// The supplier dashboard's session and GraphQL client (its own sign-in, beside the storefront's).
import { createApiClient } from '@/shared/client'
import { sessionStore } from '@/shared/session'

export const session = sessionStore('dinghuo.supplier.session')
export const api = createApiClient(session)
