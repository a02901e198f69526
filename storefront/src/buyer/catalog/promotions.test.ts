import { describe, expect, it } from 'vitest'
import { distinctKinds, promotionKindKey } from './promotions'

describe('promotion badges', () => {
  it('labels known kinds and falls back for new ones', () => {
    expect(promotionKindKey('PERCENT_OFF')).toBe('catalog.promotionKinds.PERCENT_OFF')
    expect(promotionKindKey('SOMETHING_NEW')).toBe('catalog.promotionKinds.other')
  })

  it('shows each kind once, in order', () => {
    expect(distinctKinds([{ kind: 'THRESHOLD_DISCOUNT' }, { kind: 'THRESHOLD_GIFT' }, { kind: 'THRESHOLD_DISCOUNT' }])).toEqual(['THRESHOLD_DISCOUNT', 'THRESHOLD_GIFT'])
  })
})
