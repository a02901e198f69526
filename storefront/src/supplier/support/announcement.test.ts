import { describe, expect, it } from 'vitest'
import { announcementDraftOf, announcementInput, audience, emptyAnnouncement } from './announcement'

describe('announcementInput', () => {
  it('sends the window as instants and each target once, trimmed', () => {
    const draft = { ...emptyAnnouncement(), title: 'Holidays', body: 'Closed', targetTiers: ['A', ' A', ''], startsAt: new Date('2026-12-24T00:00:00Z') }
    expect(announcementInput(draft)).toEqual({
      kind: 'OTHER',
      title: 'Holidays',
      body: 'Closed',
      targetTiers: ['A'],
      targetGroups: [],
      pinned: false,
      startsAt: '2026-12-24T00:00:00.000Z',
      endsAt: null,
    })
  })

  it('reads back what it sent', () => {
    const record = { kind: 'PROMOTION' as const, title: 't', body: 'b', targetTiers: ['A'], targetGroups: ['chain'], pinned: true, startsAt: null, endsAt: '2026-12-31T16:00:00+00:00' }
    const sent = announcementInput(announcementDraftOf(record))
    expect(sent).toEqual({ ...record, endsAt: '2026-12-31T16:00:00.000Z' })
  })
})

describe('audience', () => {
  const labels = { all: 'all customers', tier: 'tier', group: 'group' }
  it('names every customer when nothing is targeted, else each tier and group', () => {
    expect(audience({ targetTiers: [], targetGroups: [] }, labels)).toBe('all customers')
    expect(audience({ targetTiers: ['A'], targetGroups: ['chain'] }, labels)).toBe('tier A、group chain')
  })
})
