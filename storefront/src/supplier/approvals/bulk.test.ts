import { describe, expect, it } from 'vitest'
import { failures, runEach } from './bulk'

describe('runEach', () => {
  it('reports each item on its own, a thrown error included, in order', async () => {
    const calls: number[] = []
    const outcomes = await runEach(
      [1, 2, 3],
      (n) => ({ key: n, label: `SO-${n}` }),
      async (n) => {
        calls.push(n)
        if (n === 2) return 'NOT_CURRENT_APPROVER'
        if (n === 3) throw new Error('network down')
        return null
      },
    )
    expect(calls).toEqual([1, 2, 3])
    expect(outcomes).toEqual([
      { key: 1, label: 'SO-1', error: null },
      { key: 2, label: 'SO-2', error: 'NOT_CURRENT_APPROVER' },
      { key: 3, label: 'SO-3', error: 'network down' },
    ])
    expect(failures(outcomes).map((o) => o.label)).toEqual(['SO-2', 'SO-3'])
  })
})
