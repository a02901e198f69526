// A promotion form's values as the API's PromotionCreateInput (only the kind's own rule fields go),
// and back: a promotion as the API reads it, as the form's values to edit.

export type PromotionKind = 'THRESHOLD_DISCOUNT' | 'PERCENT_OFF' | 'SPECIAL_PRICE' | 'THRESHOLD_GIFT' | 'BUY_X_GET_Y'

export const PROMOTION_KINDS: readonly PromotionKind[] = ['THRESHOLD_DISCOUNT', 'PERCENT_OFF', 'SPECIAL_PRICE', 'THRESHOLD_GIFT', 'BUY_X_GET_Y']

export interface PromotionDraft {
  name: string
  kind: PromotionKind
  priority: number
  stackable: boolean
  startsAt: Date | null
  endsAt: Date | null
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
    startsAt: null,
    endsAt: null,
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
    startsAt: draft.startsAt?.toISOString() ?? null,
    endsAt: draft.endsAt?.toISOString() ?? null,
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

/** A promotion as the API reads it back: every rule, those of other kinds empty. */
export interface PromotionRecord {
  name: string
  kind: PromotionKind
  priority: number
  stackable: boolean
  startsAt?: string | null
  endsAt?: string | null
  targetTiers: readonly string[]
  targetGroups: readonly string[]
  targetRegions: readonly string[]
  targetCustomerAccountIds: readonly string[]
  productIds: readonly string[]
  categoryIds: readonly string[]
  brandIds: readonly string[]
  steps: readonly { threshold: string; discount: string }[]
  repeatable: boolean
  percentOff?: string | null
  minQuantity?: number | null
  specialPrice?: string | null
  threshold?: string | null
  buyQuantity?: number | null
  giftQuantity?: number | null
  giftVariantId?: string | null
  usesPerAccount?: number | null
}

/** The inverse of promotionInput: the form's values of a promotion read back, to edit it. */
export function promotionDraftOf(promotion: PromotionRecord): PromotionDraft {
  const empty = emptyPromotion()
  return {
    name: promotion.name,
    kind: promotion.kind,
    priority: promotion.priority,
    stackable: promotion.stackable,
    startsAt: promotion.startsAt ? new Date(promotion.startsAt) : null,
    endsAt: promotion.endsAt ? new Date(promotion.endsAt) : null,
    targetTiers: [...promotion.targetTiers],
    targetGroups: [...promotion.targetGroups],
    targetRegions: [...promotion.targetRegions],
    targetCustomerAccountIds: [...promotion.targetCustomerAccountIds],
    productIds: [...promotion.productIds],
    categoryIds: [...promotion.categoryIds],
    brandIds: [...promotion.brandIds],
    // The form always offers one step to fill in, whatever the kind.
    steps: promotion.steps.length ? promotion.steps.map((step) => ({ threshold: step.threshold, discount: step.discount })) : empty.steps,
    repeatable: promotion.repeatable,
    percentOff: promotion.percentOff ?? '',
    minQuantity: promotion.minQuantity ?? undefined,
    specialPrice: promotion.specialPrice ?? '',
    threshold: promotion.threshold ?? '',
    buyQuantity: promotion.buyQuantity ?? undefined,
    giftQuantity: promotion.giftQuantity ?? undefined,
    giftVariantId: promotion.giftVariantId ?? '',
    usesPerAccount: promotion.usesPerAccount ?? undefined,
  }
}
