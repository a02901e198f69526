// Cart warnings as a buyer reads them, in either language. The server sends a code and an English
// message; the code's rule is on the variant (minimum, multiple, maximum, stock, quota), so the
// text can name the number in the reader's language instead of a bare "below minimum".
import { userErrorText } from '@/shared/userErrors'

/** vue-i18n's `t`, or any function that words a key with its parameters. */
export type Translate = (key: string, params?: Record<string, unknown>) => string

export interface WarningLike {
  code: string
  message: string
}

/** What the line's variant says about how it may be ordered (CartLine.variant and the line). */
export interface LineRules {
  unit: string
  minOrderQuantity: number
  orderMultiple: number
  maxPerOrder: number | null
  available: number
  quotaRemaining: number | null
}

/** One line warning (LineWarning: INSUFFICIENT_STOCK, BELOW_MINIMUM, NOT_A_MULTIPLE…) as a sentence. */
export function lineWarningText(warning: WarningLike, rules: LineRules, t: Translate, locale: string): string {
  const unit = rules.unit
  switch (warning.code) {
    case 'BELOW_MINIMUM':
      return t('cart.warnings.belowMinimum', { min: rules.minOrderQuantity, unit })
    case 'NOT_A_MULTIPLE':
      return t('cart.warnings.notAMultiple', { multiple: rules.orderMultiple, unit })
    case 'ABOVE_MAXIMUM':
      return rules.maxPerOrder === null ? userErrorText(warning, locale) : t('cart.warnings.aboveMaximum', { max: rules.maxPerOrder, unit })
    case 'INSUFFICIENT_STOCK':
      return rules.available > 0 ? t('cart.warnings.insufficientStock', { available: rules.available, unit }) : t('cart.warnings.outOfStock')
    case 'OVER_QUOTA':
      return rules.quotaRemaining === null ? userErrorText(warning, locale) : t('cart.warnings.overQuota', { remaining: Math.max(rules.quotaRemaining, 0), unit })
    case 'UNAVAILABLE':
      return t('cart.warnings.unavailable')
    default:
      return userErrorText(warning, locale)
  }
}

/** A whole-cart warning (CartWarning: ORDERING_CLOSED, ACCOUNT_NOT_APPROVED…) as a sentence. */
export function cartWarningText(warning: WarningLike, t: Translate, locale: string): string {
  switch (warning.code) {
    case 'ORDERING_CLOSED':
      return t('cart.warnings.orderingClosed')
    case 'ACCOUNT_NOT_APPROVED':
      return t('cart.warnings.accountNotApproved')
    default:
      return userErrorText(warning, locale)
  }
}
