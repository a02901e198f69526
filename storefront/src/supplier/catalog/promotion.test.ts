import { describe, expect, it } from 'vitest'
import { emptyPromotion, promotionInput } from './promotion'

describe('a promotion draft as the API input', () => {
  it('sends a 满减 with its steps and nothing of the other kinds', () => {
    const input = promotionInput({ ...emptyPromotion(), name: ' 满1000减100 ', steps: [{ threshold: '1000', discount: '100' }], percentOff: '10', specialPrice: '9' })
    expect(input).toMatchObject({ name: '满1000减100', kind: 'THRESHOLD_DISCOUNT', steps: [{ threshold: '1000', discount: '100' }], percentOff: null, specialPrice: null, targetTiers: null })
  })

  it('sends a buy N get M with its quantities and no steps', () => {
    const input = promotionInput({ ...emptyPromotion(), kind: 'BUY_X_GET_Y', buyQuantity: 10, giftQuantity: 1, targetTiers: ['A'] })
    expect(input).toMatchObject({ steps: null, repeatable: false, buyQuantity: 10, giftQuantity: 1, giftVariantId: null, targetTiers: ['A'] })
  })

  it('sends the window as instants', () => {
    const window: [Date, Date] = [new Date('2026-12-01T00:00:00Z'), new Date('2026-12-31T00:00:00Z')]
    expect(promotionInput({ ...emptyPromotion(), window })).toMatchObject({ startsAt: '2026-12-01T00:00:00.000Z', endsAt: '2026-12-31T00:00:00.000Z' })
  })
})
