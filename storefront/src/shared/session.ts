// The signed-in session of one web app, kept in localStorage so a reload stays signed in.
import { computed, ref } from 'vue'

export interface Session {
  token: string
  refreshToken: string
  expiresAt: string
}

export interface SessionStore {
  current: Readonly<{ value: Session | null }>
  signedIn: Readonly<{ value: boolean }>
  save(session: Session): void
  clear(): void
  expiresSoon(marginMs?: number): boolean
}

export function sessionStore(storageKey: string): SessionStore {
  const current = ref<Session | null>(load(storageKey))
  window.addEventListener('storage', (event) => {
    if (event.key === storageKey) current.value = load(storageKey)
  })
  return {
    current,
    signedIn: computed(() => current.value !== null),
    save(session) {
      current.value = session
      localStorage.setItem(storageKey, JSON.stringify(session))
    },
    clear() {
      current.value = null
      localStorage.removeItem(storageKey)
    },
    expiresSoon(marginMs = 30_000) {
      const session = current.value
      return session !== null && Date.parse(session.expiresAt) - Date.now() < marginMs
    },
  }
}

function load(storageKey: string): Session | null {
  const raw = localStorage.getItem(storageKey)
  if (!raw) return null
  try {
    const parsed = JSON.parse(raw) as Partial<Session>
    if (typeof parsed.token === 'string' && typeof parsed.refreshToken === 'string' && typeof parsed.expiresAt === 'string') {
      return { token: parsed.token, refreshToken: parsed.refreshToken, expiresAt: parsed.expiresAt }
    }
  } catch {
    // A value some other code wrote is not a session: start signed out.
  }
  localStorage.removeItem(storageKey)
  return null
}
