import { describe, expect, it } from 'vitest'
import { mergeThread, statusFilter, takesReplies } from './serviceThreads'

const thread = (id: string, at: string, subject = id) => ({ id, lastMessageAt: at, subject })

describe('mergeThread', () => {
  it('moves an updated thread to the top with its new content', () => {
    const list = [thread('a', '2026-12-03T10:00:00Z'), thread('b', '2026-12-03T09:00:00Z')]
    const merged = mergeThread(list, thread('b', '2026-12-03T11:00:00Z', 'b again'))
    expect(merged.map((t) => [t.id, t.subject])).toEqual([
      ['b', 'b again'],
      ['a', 'a'],
    ])
  })

  it('adds a new thread once, however often its update arrives', () => {
    const list = [thread('a', '2026-12-03T10:00:00Z')]
    const once = mergeThread(list, thread('c', '2026-12-03T12:00:00Z'))
    expect(mergeThread(once, thread('c', '2026-12-03T12:00:00Z')).map((t) => t.id)).toEqual(['c', 'a'])
  })

  it('keeps an older update below newer threads', () => {
    const list = [thread('a', '2026-12-03T10:00:00+08:00'), thread('b', '2026-12-03T01:00:00Z')]
    expect(mergeThread(list, thread('c', '2026-12-03T01:30:00Z')).map((t) => t.id)).toEqual(['a', 'c', 'b'])
  })
})

describe('takesReplies and statusFilter', () => {
  it('closes a closed thread to replies only', () => {
    expect(takesReplies({ status: 'OPEN' })).toBe(true)
    expect(takesReplies({ status: 'ANSWERED' })).toBe(true)
    expect(takesReplies({ status: 'CLOSED' })).toBe(false)
  })

  it('asks for one status, or none for all', () => {
    expect(statusFilter('ANSWERED')).toEqual({ status: ['ANSWERED'] })
    expect(statusFilter('ALL')).toBeNull()
  })
})
