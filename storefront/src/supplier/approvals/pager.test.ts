import { describe, expect, it } from 'vitest'
import { CursorPager } from './pager'

describe('CursorPager', () => {
  it('walks forward by end cursors and back to where it came from', () => {
    const pager = new CursorPager()
    expect([pager.after, pager.page, pager.hasPrevious]).toEqual([null, 1, false])
    pager.next('c1')
    pager.next('c2')
    expect([pager.after, pager.page]).toEqual(['c2', 3])
    pager.previous()
    expect(pager.after).toBe('c1')
    pager.next(null)
    expect(pager.page).toBe(2)
    pager.reset()
    expect([pager.after, pager.page, pager.hasPrevious]).toEqual([null, 1, false])
    pager.previous()
    expect(pager.page).toBe(1)
  })
})
