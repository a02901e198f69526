// The GraphQL documents of the buyer's notices (公告) and service threads (客户服务).
import { graphql, type ResultOf } from '@/shared/graphql'

export const NOTICES = graphql(`
  query BuyerNotices($supplierId: ID!, $first: Int!, $after: String, $unreadOnly: Boolean!) {
    announcements(first: $first, after: $after, filter: { supplierId: $supplierId, unreadOnly: $unreadOnly }) {
      totalCount
      nodes { id kind title body pinned read publishedAt startsAt }
      pageInfo { hasNextPage endCursor }
    }
  }
`)

export type Notice = ResultOf<typeof NOTICES>['announcements']['nodes'][number]

export const NOTICE = graphql(`
  query BuyerNotice($id: ID!) {
    node(id: $id) { ... on Announcement { id kind title body pinned read publishedAt startsAt supplierName } }
  }
`)

export const NOTICE_MARK_READ = graphql(`
  mutation BuyerNoticeMarkRead($input: AnnouncementMarkReadInput!) {
    announcementMarkRead(input: $input) { announcement { id read } userErrors { field code message } }
  }
`)

export const THREAD_FIELDS = graphql(`
  fragment BuyerThreadFields on ServiceThread @_unmask {
    id kind subject status orderId orderNumber createdAt lastMessageAt closedAt
    messages { id body fromSupplier authorName createdAt }
  }
`)

export const THREADS = graphql(
  `
    query BuyerServiceThreads($supplierId: ID!, $first: Int!, $after: String) {
      serviceThreads(first: $first, after: $after, filter: { supplierId: $supplierId }) {
        nodes { ...BuyerThreadFields }
        pageInfo { hasNextPage endCursor }
      }
    }
  `,
  [THREAD_FIELDS],
)

export type Thread = ResultOf<typeof THREADS>['serviceThreads']['nodes'][number]

export const THREAD = graphql(
  `
    query BuyerServiceThread($id: ID!) {
      serviceThread(id: $id) { ...BuyerThreadFields }
    }
  `,
  [THREAD_FIELDS],
)

export const THREAD_UPDATED = graphql(
  `
    subscription BuyerServiceThreadUpdated($threadId: ID) {
      serviceThreadUpdated(threadId: $threadId) { eventKind thread { ...BuyerThreadFields } }
    }
  `,
  [THREAD_FIELDS],
)

export const THREAD_OPEN = graphql(
  `
    mutation BuyerServiceThreadOpen($input: ServiceThreadOpenInput!) {
      serviceThreadOpen(input: $input) { thread { ...BuyerThreadFields } userErrors { field code message } }
    }
  `,
  [THREAD_FIELDS],
)

export const MESSAGE_POST = graphql(
  `
    mutation BuyerServiceMessagePost($input: ServiceMessagePostInput!) {
      serviceMessagePost(input: $input) { thread { ...BuyerThreadFields } userErrors { field code message } }
    }
  `,
  [THREAD_FIELDS],
)

export const THREAD_CLOSE = graphql(
  `
    mutation BuyerServiceThreadClose($input: ServiceThreadCloseInput!) {
      serviceThreadClose(input: $input) { thread { ...BuyerThreadFields } userErrors { field code message } }
    }
  `,
  [THREAD_FIELDS],
)

export const RECENT_ORDERS = graphql(`
  query BuyerServiceOrders {
    orders(first: 30, filter: { side: PURCHASES }, sort: NEWEST) { nodes { id number supplier { id } } }
  }
`)
