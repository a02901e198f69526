// The short label of a promotion's kind for badges; the server's kinds, with a generic label for new ones.
export const PROMOTION_KINDS = ['SPECIAL_PRICE', 'PERCENT_OFF', 'BUY_X_GET_Y', 'THRESHOLD_DISCOUNT', 'THRESHOLD_GIFT'] as const

export function promotionKindKey(kind: string): string {
  const known = PROMOTION_KINDS.find((candidate) => candidate === kind)
  return `catalog.promotionKinds.${known ?? 'other'}`
}

/** The distinct kinds of a product's promotions, in the order they come, for compact badges. */
export function distinctKinds(promotions: readonly { kind: string }[]): string[] {
  return [...new Set(promotions.map((promotion) => promotion.kind))]
}
