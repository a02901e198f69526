// Signing in the same way in both apps: the login mutation, its errors per field, the session saved.
import type { Client } from '@urql/core'
import { graphql } from './graphql'
import type { SessionStore } from './session'
import { formErrors, type FormErrors } from './userErrors'

const LOGIN = graphql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      token
      tokenExpiresAt
      refreshToken
      userErrors { field code message }
    }
  }
`)

export const NO_ERRORS: FormErrors = { byField: {}, general: [] }

/** Signs in and saves the session; answers null when signed in, else the form's errors. */
export async function signIn(client: Client, session: SessionStore, login: string, password: string, locale: string): Promise<FormErrors | null> {
  const result = await client.mutation(LOGIN, { input: { login: login.trim(), password } }).toPromise()
  const payload = result.data?.login
  if (result.error || !payload) return { byField: {}, general: [result.error?.message ?? ''] }
  if (payload.token && payload.refreshToken && payload.tokenExpiresAt) {
    session.save({ token: payload.token, refreshToken: payload.refreshToken, expiresAt: payload.tokenExpiresAt })
    return null
  }
  return formErrors(payload.userErrors, ['login', 'password'], locale)
}

/** Where to go after signing in: the page the user was sent away from, if it is one of ours. */
export function redirectTarget(redirect: unknown): string {
  return typeof redirect === 'string' && redirect.startsWith('/') && !redirect.startsWith('//') ? redirect : '/'
}
