// One urql client per web app: HTTP for queries and mutations, graphql-ws for subscriptions, the
// bearer token on both, the access token refreshed before it runs out.
import { cacheExchange, Client, fetchExchange, mapExchange, subscriptionExchange } from '@urql/core'
import { authExchange } from '@urql/exchange-auth'
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws'
import { ref, watch, type Ref } from 'vue'
import { graphql } from './graphql'
import type { SessionStore } from './session'

const REFRESH = graphql(`
  mutation SessionRefresh($refreshToken: String!) {
    tokenRefresh(input: { refreshToken: $refreshToken }) {
      token
      tokenExpiresAt
      refreshToken
      userErrors { code message }
    }
  }
`)

export interface ApiClient {
  client: Client
  /** Counts the websocket's reconnections: pages holding live data refetch when it moves. */
  reconnections: Ref<number>
  /** Whether the websocket is up: null before it first connects, false while it retries. */
  live: Ref<boolean | null>
}

export function createApiClient(session: SessionStore, apiPath = '/graphql'): ApiClient {
  const reconnections = ref(0)
  const live = ref<boolean | null>(null)
  const ws = websocket(session, apiPath, reconnections, live)
  watch(
    () => session.current.value?.token,
    () => ws.terminate(),
  )
  const client = new Client({
    url: apiPath,
    preferGetMethod: false,
    exchanges: [
      cacheExchange,
      mapExchange({
        onResult(result) {
          const unauthenticated = result.error?.graphQLErrors.some((error) => error.extensions?.code === 'UNAUTHENTICATED')
          if (unauthenticated && session.signedIn.value) session.clear()
        },
      }),
      authExchange(async (utils) => ({
        addAuthToOperation(operation) {
          const token = session.current.value?.token
          return token ? utils.appendHeaders(operation, { Authorization: `Bearer ${token}` }) : operation
        },
        didAuthError(error) {
          return error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')
        },
        willAuthError(operation) {
          const isRefresh = operation.kind === 'mutation' && operation.query === REFRESH
          return !isRefresh && session.expiresSoon()
        },
        async refreshAuth() {
          const refreshToken = session.current.value?.refreshToken
          if (!refreshToken) return
          const result = await utils.mutate(REFRESH, { refreshToken })
          const fresh = result.data?.tokenRefresh
          if (fresh?.token && fresh.refreshToken && fresh.tokenExpiresAt) {
            session.save({ token: fresh.token, refreshToken: fresh.refreshToken, expiresAt: fresh.tokenExpiresAt })
          } else {
            session.clear()
          }
        },
      })),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' }
          return {
            subscribe(sink) {
              const dispose = ws.subscribe(input, sink)
              return { unsubscribe: dispose }
            },
          }
        },
      }),
    ],
  })
  return { client, reconnections, live }
}

function websocket(session: SessionStore, apiPath: string, reconnections: Ref<number>, live: Ref<boolean | null>): WsClient {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:'
  let connectedBefore = false
  return createWsClient({
    url: `${scheme}//${location.host}${apiPath}`,
    connectionParams: () => {
      const token = session.current.value?.token
      return token ? { authorization: `Bearer ${token}` } : {}
    },
    lazy: true,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    retryWait: async (retries) => {
      await new Promise((resolve) => setTimeout(resolve, Math.min(500 * 2 ** retries, 5_000)))
    },
    on: {
      connected: () => {
        live.value = true
        if (connectedBefore) reconnections.value += 1
        connectedBefore = true
      },
      closed: () => {
        if (live.value !== null) live.value = false
      },
    },
  })
}
