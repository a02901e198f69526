import { describe, expect, it } from 'vitest'
import { usePagedList, type PageResult } from './paged'

const rows = Array.from({ length: 5 }, (_, i) => `row${i}`)

function fakeServer(data: string[]) {
  const calls: [number, string | null][] = []
  const fetchPage = async (first: number, after: string | null): Promise<PageResult<string>> => {
    calls.push([first, after])
    const start = after === null ? 0 : Number(after)
    const nodes = data.slice(start, start + first)
    return { page: { nodes, pageInfo: { hasNextPage: start + first < data.length, endCursor: String(start + nodes.length) } } }
  }
  return { calls, fetchPage }
}

describe('usePagedList', () => {
  it('reads page after page until the last', async () => {
    const server = fakeServer(rows)
    const list = usePagedList(server.fetchPage, 2)
    await list.loadMore()
    await list.loadMore()
    expect(list.items.value).toEqual(['row0', 'row1', 'row2', 'row3'])
    expect(list.finished.value).toBe(false)
    await list.loadMore()
    expect(list.items.value).toEqual(rows)
    expect(list.finished.value).toBe(true)
    expect(server.calls).toEqual([
      [2, null],
      [2, '2'],
      [2, '4'],
    ])
  })

  it('reloads as many rows as it shows, from the top, in one request', async () => {
    const data = [...rows]
    const server = fakeServer(data)
    const list = usePagedList(server.fetchPage, 2)
    await list.loadMore()
    await list.loadMore()
    data.unshift('newest')
    await list.reload()
    expect(server.calls.at(-1)).toEqual([4, null])
    expect(list.items.value).toEqual(['newest', 'row0', 'row1', 'row2'])
  })

  it('drops a page that a reload overtook', async () => {
    let release: (value: PageResult<string>) => void = () => {}
    const slow = new Promise<PageResult<string>>((resolve) => (release = resolve))
    const fast: PageResult<string> = { page: { nodes: ['fresh'], pageInfo: { hasNextPage: false, endCursor: '1' } } }
    const answers = [slow, Promise.resolve(fast)]
    const list = usePagedList(() => answers.shift() ?? Promise.resolve(fast), 2)
    const pending = list.loadMore()
    await list.reload()
    release({ page: { nodes: ['stale'], pageInfo: { hasNextPage: true, endCursor: '1' } } })
    await pending
    expect(list.items.value).toEqual(['fresh'])
    expect(list.finished.value).toBe(true)
  })

  it('starts over from the first page, dropping the rows and a page still on its way', async () => {
    let release: (value: PageResult<string>) => void = () => {}
    const slow = new Promise<PageResult<string>>((resolve) => (release = resolve))
    const first: PageResult<string> = { page: { nodes: ['a', 'b'], pageInfo: { hasNextPage: true, endCursor: '2' } } }
    const other: PageResult<string> = { page: { nodes: ['other'], pageInfo: { hasNextPage: false, endCursor: '1' } } }
    const calls: (string | null)[] = []
    const answers = [Promise.resolve(first), slow, Promise.resolve(other)]
    const list = usePagedList((_first, after) => {
      calls.push(after)
      return answers.shift() ?? Promise.resolve(other)
    }, 2)
    await list.loadMore()
    const pending = list.loadMore()
    const restarted = list.restart()
    expect(list.items.value).toEqual([])
    expect(list.loaded.value).toBe(false)
    await restarted
    release({ page: { nodes: ['stale'], pageInfo: { hasNextPage: true, endCursor: '3' } } })
    await pending
    expect(calls).toEqual([null, '2', null])
    expect(list.items.value).toEqual(['other'])
    expect(list.finished.value).toBe(true)
  })

  it('keeps the rows and says why when a page fails', async () => {
    const failure = { message: 'down' } as unknown as NonNullable<PageResult<string>['error']>
    const answers: PageResult<string>[] = [{ page: { nodes: ['a'], pageInfo: { hasNextPage: true, endCursor: '1' } } }, { error: failure }]
    const list = usePagedList(async () => answers.shift() ?? { error: failure }, 1)
    await list.loadMore()
    await list.loadMore()
    expect(list.items.value).toEqual(['a'])
    expect(list.error.value).toBe(failure)
    expect(list.finished.value).toBe(false)
    expect(list.loading.value).toBe(false)
  })
})
