// Service threads (客户服务) as both apps keep them in a list: a live update replaces the thread it
// names or, when new, joins the list; the list stays ordered by latest activity, like the server's.

export interface ThreadLike {
  id: string
  lastMessageAt: string
}

/** The list with `updated` in its place: most recent activity first, each thread once. */
export function mergeThread<T extends ThreadLike>(threads: readonly T[], updated: T): T[] {
  const others = threads.filter((thread) => thread.id !== updated.id)
  const merged = [...others, updated]
  return merged.sort((a, b) => Date.parse(b.lastMessageAt) - Date.parse(a.lastMessageAt) || (a.id < b.id ? 1 : -1))
}

/** Whether a thread still takes replies. */
export function takesReplies(thread: { status: string }): boolean {
  return thread.status !== 'CLOSED'
}

/** What a status filter asks the server for: one status, or all of them. */
export function statusFilter(status: string): { status: ('OPEN' | 'ANSWERED' | 'CLOSED')[] } | null {
  return status === 'OPEN' || status === 'ANSWERED' || status === 'CLOSED' ? { status: [status] } : null
}
