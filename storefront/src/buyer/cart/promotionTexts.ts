// Promotion explanations and next-threshold hints in the reader's language. The API words them in
// English only (AppliedPromotion.explanation, PromotionHint.message) and gives no structured
// reward, so the known shapes the promotion engine writes (app/promotions/engine.py) are read
// back here; anything else is shown as the server wrote it.
import type { Translate } from './cartWarnings'

const MONEY = '(¥[\\d,]+(?:\\.\\d+)?)'

interface Shape {
  pattern: RegExp
  key: string
  params: (match: RegExpExecArray) => Record<string, string>
}

function reword(text: string, shapes: readonly Shape[], t: Translate, locale: string): string {
  if (locale !== 'zh-CN') return text
  for (const shape of shapes) {
    const match = shape.pattern.exec(text)
    if (match) return t(shape.key, shape.params(match))
  }
  return text
}

const EXPLANATIONS: readonly Shape[] = [
  {
    pattern: new RegExp(`^Spend ${MONEY}, get ${MONEY} off: ${MONEY} off ${MONEY}$`),
    key: 'cart.promotionTexts.threshold',
    params: (m) => ({ threshold: m[1] ?? '', off: m[2] ?? '', discount: m[3] ?? '', base: m[4] ?? '' }),
  },
  {
    pattern: new RegExp(`^Every ${MONEY} spent, get ${MONEY} off \\(×(\\d+)\\): ${MONEY} off ${MONEY}$`),
    key: 'cart.promotionTexts.repeatingThreshold',
    params: (m) => ({ threshold: m[1] ?? '', off: m[2] ?? '', times: m[3] ?? '', discount: m[4] ?? '', base: m[5] ?? '' }),
  },
  {
    pattern: new RegExp(`^([\\d.]+)% off(?: from (\\d+) units)?: ${MONEY} off ${MONEY}$`),
    key: 'cart.promotionTexts.percentOff',
    params: (m) => ({ percent: m[1] ?? '', discount: m[3] ?? '', base: m[4] ?? '' }),
  },
  {
    pattern: new RegExp(`^Special price ${MONEY} per unit: ${MONEY} off ${MONEY}$`),
    key: 'cart.promotionTexts.specialPrice',
    params: (m) => ({ price: m[1] ?? '', discount: m[2] ?? '', base: m[3] ?? '' }),
  },
  {
    pattern: /^Buy (\d+), get (.+?) free: (.+)$/,
    key: 'cart.promotionTexts.buyGet',
    params: (m) => ({ buy: m[1] ?? '', get: m[2] ?? '', gifts: m[3] ?? '' }),
  },
  {
    pattern: new RegExp(`^Spend ${MONEY}, get (.+?) free: (.+) on ${MONEY}$`),
    key: 'cart.promotionTexts.spendGift',
    params: (m) => ({ threshold: m[1] ?? '', gift: m[2] ?? '', gifts: m[3] ?? '' }),
  },
]

const HINTS: readonly Shape[] = [
  {
    pattern: new RegExp(`^Add ${MONEY} more to get ${MONEY} off$`),
    key: 'cart.hintTexts.amountOff',
    params: (m) => ({ missing: m[1] ?? '', off: m[2] ?? '' }),
  },
  {
    pattern: new RegExp(`^Add ${MONEY} more to get (.+) free$`),
    key: 'cart.hintTexts.amountGift',
    params: (m) => ({ missing: m[1] ?? '', gift: m[2] ?? '' }),
  },
  {
    pattern: /^Add (\d+) more of (.+) to get (\d+) free$/,
    key: 'cart.hintTexts.quantityFree',
    params: (m) => ({ missing: m[1] ?? '', product: m[2] ?? '', free: m[3] ?? '' }),
  },
  {
    pattern: /^Add (\d+) more of (.+) to get (.+) free$/,
    key: 'cart.hintTexts.quantityGift',
    params: (m) => ({ missing: m[1] ?? '', product: m[2] ?? '', gift: m[3] ?? '' }),
  },
]

/** An applied promotion's explanation ("Spend ¥1,000.00, get ¥100.00 off: …") in the reader's language. */
export function promotionExplanationText(explanation: string, t: Translate, locale: string): string {
  return reword(explanation, EXPLANATIONS, t, locale)
}

/** A next-threshold hint ("Add ¥120.00 more to get ¥100.00 off") in the reader's language: 再买¥120.00 可减¥100.00. */
export function hintText(message: string, t: Translate, locale: string): string {
  return reword(message, HINTS, t, locale)
}
