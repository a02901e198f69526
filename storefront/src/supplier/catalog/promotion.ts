// A promotion form's values as the API's PromotionCreateInput: only the kind's own rule fields go.

export type PromotionKind = 'THRESHOLD_DISCOUNT' | 'PERCENT_OFF' | 'SPECIAL_PRICE' | 'THRESHOLD_GIFT' | 'BUY_X_GET_Y'

export const PROMOTION_KINDS: readonly PromotionKind[] = ['THRESHOLD_DISCOUNT', 'PERCENT_OFF', 'SPECIAL_PRICE', 'THRESHOLD_GIFT', 'BUY_X_GET_Y']

export interface PromotionDraft {
  name: string
  kind: PromotionKind
  priority: number
  stackable: boolean
  window: [Date, Date] | null
  targetTiers: string[]
  targetGroups: string[]
  targetRegions: string[]
  targetCustomerAccountIds: string[]
  productIds: string[]
  categoryIds: string[]
  brandIds: string[]
  steps: { threshold: string; discount: string }[]
  repeatable: boolean
  percentOff: string
  minQuantity: number | undefined
  specialPrice: string
  threshold: string
  buyQuantity: number | undefined
  giftQuantity: number | undefined
  giftVariantId: string
  usesPerAccount: number | undefined
}

export function emptyPromotion(): PromotionDraft {
  return {
    name: '',
    kind: 'THRESHOLD_DISCOUNT',
    priority: 0,
    stackable: true,
    window: null,
    targetTiers: [],
    targetGroups: [],
    targetRegions: [],
    targetCustomerAccountIds: [],
    productIds: [],
    categoryIds: [],
    brandIds: [],
    steps: [{ threshold: '', discount: '' }],
    repeatable: false,
    percentOff: '',
    minQuantity: undefined,
    specialPrice: '',
    threshold: '',
    buyQuantity: undefined,
    giftQuantity: undefined,
    giftVariantId: '',
    usesPerAccount: undefined,
  }
}

const text = (value: string) => value.trim() || null
const list = <T>(values: T[]) => (values.length ? values : null)

export function promotionInput(draft: PromotionDraft) {
  const kind = draft.kind
  return {
    name: draft.name.trim(),
    kind,
    priority: draft.priority,
    stackable: draft.stackable,
    startsAt: draft.window?.[0].toISOString() ?? null,
    endsAt: draft.window?.[1].toISOString() ?? null,
    targetTiers: list(draft.targetTiers),
    targetGroups: list(draft.targetGroups),
    targetRegions: list(draft.targetRegions),
    targetCustomerAccountIds: list(draft.targetCustomerAccountIds),
    productIds: list(draft.productIds),
    categoryIds: list(draft.categoryIds),
    brandIds: list(draft.brandIds),
    steps: kind === 'THRESHOLD_DISCOUNT' ? draft.steps.map((step) => ({ threshold: step.threshold.trim(), discount: step.discount.trim() })) : null,
    repeatable: kind === 'THRESHOLD_DISCOUNT' && draft.repeatable,
    percentOff: kind === 'PERCENT_OFF' ? text(draft.percentOff) : null,
    minQuantity: kind === 'PERCENT_OFF' || kind === 'SPECIAL_PRICE' ? (draft.minQuantity ?? null) : null,
    specialPrice: kind === 'SPECIAL_PRICE' ? text(draft.specialPrice) : null,
    threshold: kind === 'THRESHOLD_GIFT' ? text(draft.threshold) : null,
    buyQuantity: kind === 'BUY_X_GET_Y' ? (draft.buyQuantity ?? null) : null,
    giftQuantity: kind === 'THRESHOLD_GIFT' || kind === 'BUY_X_GET_Y' ? (draft.giftQuantity ?? null) : null,
    giftVariantId: kind === 'THRESHOLD_GIFT' || kind === 'BUY_X_GET_Y' ? text(draft.giftVariantId) : null,
    usesPerAccount: draft.usesPerAccount ?? null,
  }
}
