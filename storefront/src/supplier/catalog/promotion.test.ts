import { describe, expect, it } from 'vitest'
import { emptyPromotion, promotionDraftOf, promotionInput, type PromotionRecord } from './promotion'

describe('a promotion draft as the API input', () => {
  it('sends a 满减 with its steps and nothing of the other kinds', () => {
    const input = promotionInput({ ...emptyPromotion(), name: ' 满1000减100 ', steps: [{ threshold: '1000', discount: '100' }], percentOff: '10', specialPrice: '9' })
    expect(input).toMatchObject({ name: '满1000减100', kind: 'THRESHOLD_DISCOUNT', steps: [{ threshold: '1000', discount: '100' }], percentOff: null, specialPrice: null, targetTiers: null })
  })

  it('sends a buy N get M with its quantities and no steps', () => {
    const input = promotionInput({ ...emptyPromotion(), kind: 'BUY_X_GET_Y', buyQuantity: 10, giftQuantity: 1, targetTiers: ['A'] })
    expect(input).toMatchObject({ steps: null, repeatable: false, buyQuantity: 10, giftQuantity: 1, giftVariantId: null, targetTiers: ['A'] })
  })

  it('sends the window as instants, either end open', () => {
    expect(promotionInput({ ...emptyPromotion(), startsAt: new Date('2026-12-01T00:00:00Z'), endsAt: new Date('2026-12-31T00:00:00Z') })).toMatchObject({
      startsAt: '2026-12-01T00:00:00.000Z',
      endsAt: '2026-12-31T00:00:00.000Z',
    })
    expect(promotionInput({ ...emptyPromotion(), startsAt: new Date('2026-12-01T00:00:00Z') })).toMatchObject({ startsAt: '2026-12-01T00:00:00.000Z', endsAt: null })
  })
})

/** What the API reads back of a promotion with no rule set: every kind's fields empty. */
const none: PromotionRecord = {
  name: '',
  kind: 'THRESHOLD_DISCOUNT',
  priority: 0,
  stackable: true,
  startsAt: null,
  endsAt: null,
  targetTiers: [],
  targetGroups: [],
  targetRegions: [],
  targetCustomerAccountIds: [],
  productIds: [],
  categoryIds: [],
  brandIds: [],
  steps: [],
  repeatable: false,
  percentOff: null,
  minQuantity: null,
  specialPrice: null,
  threshold: null,
  buyQuantity: null,
  giftQuantity: null,
  giftVariantId: null,
  usesPerAccount: null,
}

/** The input that would create the promotion read back: its lists, null where empty. */
function inputOf(promotion: PromotionRecord) {
  const list = <T>(values: readonly T[]) => (values.length ? [...values] : null)
  return {
    name: promotion.name,
    kind: promotion.kind,
    priority: promotion.priority,
    stackable: promotion.stackable,
    startsAt: promotion.startsAt ? new Date(promotion.startsAt).toISOString() : null,
    endsAt: promotion.endsAt ? new Date(promotion.endsAt).toISOString() : null,
    targetTiers: list(promotion.targetTiers),
    targetGroups: list(promotion.targetGroups),
    targetRegions: list(promotion.targetRegions),
    targetCustomerAccountIds: list(promotion.targetCustomerAccountIds),
    productIds: list(promotion.productIds),
    categoryIds: list(promotion.categoryIds),
    brandIds: list(promotion.brandIds),
    steps: promotion.kind === 'THRESHOLD_DISCOUNT' ? [...promotion.steps] : null,
    repeatable: promotion.repeatable,
    percentOff: promotion.percentOff ?? null,
    minQuantity: promotion.minQuantity ?? null,
    specialPrice: promotion.specialPrice ?? null,
    threshold: promotion.threshold ?? null,
    buyQuantity: promotion.buyQuantity ?? null,
    giftQuantity: promotion.giftQuantity ?? null,
    giftVariantId: promotion.giftVariantId ?? null,
    usesPerAccount: promotion.usesPerAccount ?? null,
  }
}

describe('promotionDraftOf, the inverse of promotionInput', () => {
  const cases: [string, PromotionRecord][] = [
    [
      '满减, repeatable, for tier A and one account, in a window',
      {
        ...none,
        name: 'A级客户满3000减300 满5000减600',
        priority: 20,
        startsAt: '2026-12-01T00:00:00+00:00',
        endsAt: '2026-12-31T16:00:00+00:00',
        targetTiers: ['A'],
        targetCustomerAccountIds: ['CA1'],
        steps: [
          { threshold: '3000.00', discount: '300.00' },
          { threshold: '5000.00', discount: '600.00' },
        ],
        repeatable: true,
      },
    ],
    ['percent off a category, from a quantity, limited per account', { ...none, name: '坚果9折', kind: 'PERCENT_OFF', priority: 30, categoryIds: ['C1'], percentOff: '10.00', minQuantity: 5, usesPerAccount: 2 }],
    ['special price of a product, not stackable, for a group and a region', { ...none, name: '特价', kind: 'SPECIAL_PRICE', stackable: false, productIds: ['P1'], specialPrice: '42.00', targetGroups: ['KA'], targetRegions: ['华东'] }],
    ['满赠 of a brand with its gift', { ...none, name: '满2000赠水杯', kind: 'THRESHOLD_GIFT', brandIds: ['B1'], threshold: '2000.00', giftVariantId: 'V9', giftQuantity: 1, endsAt: '2027-01-01T00:00:00+00:00' }],
    ['buy N get M of the same item', { ...none, name: '买10送1', kind: 'BUY_X_GET_Y', productIds: ['P2', 'P3'], buyQuantity: 10, giftQuantity: 1 }],
  ]
  for (const [what, promotion] of cases) {
    it(`reads back a ${what}`, () => {
      expect(promotionInput(promotionDraftOf(promotion))).toEqual(inputOf(promotion))
    })
  }

  it('offers one blank step to a kind without steps', () => {
    expect(promotionDraftOf({ ...none, kind: 'PERCENT_OFF', percentOff: '5' }).steps).toEqual([{ threshold: '', discount: '' }])
  })
})
