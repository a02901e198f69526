// The GraphQL documents of the dashboard's announcements (公告) and service inbox (客户服务).
import { graphql, type ResultOf } from '@/shared/graphql'

export const ANNOUNCEMENTS = graphql(`
  query SupplierAnnouncements($first: Int!, $after: String) {
    announcements(first: $first, after: $after) {
      totalCount
      nodes { id kind title body pinned targetTiers targetGroups startsAt endsAt publishedAt state updatedAt }
      pageInfo { hasNextPage endCursor }
    }
  }
`)

export type AnnouncementRow = ResultOf<typeof ANNOUNCEMENTS>['announcements']['nodes'][number]

export const ANNOUNCEMENT_CREATE = graphql(`
  mutation SupplierAnnouncementCreate($input: AnnouncementCreateInput!) {
    announcementCreate(input: $input) { announcement { id } userErrors { field code message } }
  }
`)

export const ANNOUNCEMENT_UPDATE = graphql(`
  mutation SupplierAnnouncementUpdate($input: AnnouncementUpdateInput!) {
    announcementUpdate(input: $input) { announcement { id } userErrors { field code message } }
  }
`)

export const ANNOUNCEMENT_PUBLISH = graphql(`
  mutation SupplierAnnouncementPublish($input: AnnouncementPublishInput!) {
    announcementPublish(input: $input) { announcement { id state } userErrors { field code message } }
  }
`)

export const ANNOUNCEMENT_UNPUBLISH = graphql(`
  mutation SupplierAnnouncementUnpublish($input: AnnouncementUnpublishInput!) {
    announcementUnpublish(input: $input) { announcement { id state } userErrors { field code message } }
  }
`)

export const THREAD_FIELDS = graphql(`
  fragment SupplierThreadFields on ServiceThread @_unmask {
    id kind subject status buyerName customerAccountId orderId orderNumber openedByName createdAt lastMessageAt closedAt
    messages { id body fromSupplier authorName createdAt }
  }
`)

export const THREADS = graphql(
  `
    query SupplierServiceThreads($first: Int!, $after: String, $filter: ServiceThreadFilter) {
      serviceThreads(first: $first, after: $after, filter: $filter) {
        totalCount
        nodes { ...SupplierThreadFields }
        pageInfo { hasNextPage endCursor }
      }
    }
  `,
  [THREAD_FIELDS],
)

export type ThreadRow = ResultOf<typeof THREADS>['serviceThreads']['nodes'][number]

export const THREAD_UPDATED = graphql(
  `
    subscription SupplierServiceThreadUpdated {
      serviceThreadUpdated { eventKind thread { ...SupplierThreadFields } }
    }
  `,
  [THREAD_FIELDS],
)

export const MESSAGE_POST = graphql(
  `
    mutation SupplierServiceMessagePost($input: ServiceMessagePostInput!) {
      serviceMessagePost(input: $input) { thread { ...SupplierThreadFields } userErrors { field code message } }
    }
  `,
  [THREAD_FIELDS],
)

export const THREAD_CLOSE = graphql(
  `
    mutation SupplierServiceThreadClose($input: ServiceThreadCloseInput!) {
      serviceThreadClose(input: $input) { thread { ...SupplierThreadFields } userErrors { field code message } }
    }
  `,
  [THREAD_FIELDS],
)

export const THREAD = graphql(
  `
    query SupplierServiceThread($id: ID!) {
      serviceThread(id: $id) { ...SupplierThreadFields }
    }
  `,
  [THREAD_FIELDS],
)
