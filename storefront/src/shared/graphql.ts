// Every GraphQL document of the web apps goes through this `graphql`, so each is typed against
// ../schema.graphql at build time (gql.tada; `npm run schema` regenerates graphql-env.d.ts).
import { initGraphQLTada } from 'gql.tada'
import type { introspection } from '../graphql-env.d.ts'

export const graphql = initGraphQLTada<{
  introspection: introspection
  scalars: {
    Decimal: string
    Date: string
    DateTime: string
    Time: string
    ID: string
    /** A file sent by the GraphQL multipart request spec: urql's fetch exchange sends a File variable as one. */
    Upload: File
  }
}>()

export type { FragmentOf, ResultOf, VariablesOf } from 'gql.tada'
export { readFragment } from 'gql.tada'
