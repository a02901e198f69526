// Which price a product card shows: the buyer's lowest unit price over the product's variants
// (prices come from the server; this only picks among them), with that variant's base price when
// the buyer pays less than base.
import type { MoneyValue } from '@/shared/format'

export interface PricedVariant {
  price: MoneyValue | null
  basePrice: MoneyValue | null
  available: number
}

export interface CardPrice {
  price: MoneyValue
  /** Shown struck through: the base price, only when it is higher than the buyer's price. */
  basePrice: MoneyValue | null
  /** The variants differ in price, so the card says "from". */
  from: boolean
}

/** Compares decimal strings ("12.50", "-3", "7.125") exactly, without floats. */
export function compareDecimal(a: string, b: string): number {
  const negativeA = a.trim().startsWith('-')
  const negativeB = b.trim().startsWith('-')
  if (negativeA !== negativeB) return negativeA ? -1 : 1
  const sign = negativeA ? -1 : 1
  const [intA = '0', fracA = ''] = a.trim().replace(/^[-+]/, '').split('.')
  const [intB = '0', fracB = ''] = b.trim().replace(/^[-+]/, '').split('.')
  const wholeA = intA.replace(/^0+(?=\d)/, '')
  const wholeB = intB.replace(/^0+(?=\d)/, '')
  if (wholeA.length !== wholeB.length) return sign * (wholeA.length - wholeB.length)
  const width = Math.max(fracA.length, fracB.length)
  const digitsA = wholeA + fracA.padEnd(width, '0')
  const digitsB = wholeB + fracB.padEnd(width, '0')
  return digitsA === digitsB ? 0 : sign * (digitsA < digitsB ? -1 : 1)
}

/** The card's price; null when the buyer sees no price (prices hidden). */
export function cardPrice(variants: readonly PricedVariant[]): CardPrice | null {
  const priced = variants.filter((variant): variant is PricedVariant & { price: MoneyValue } => variant.price !== null)
  const [first, ...rest] = priced
  if (!first) return null
  const cheapest = rest.reduce((low, variant) => (compareDecimal(variant.price.amount, low.price.amount) < 0 ? variant : low), first)
  return {
    price: cheapest.price,
    basePrice: struckBase(cheapest.price, cheapest.basePrice),
    from: priced.some((variant) => compareDecimal(variant.price.amount, cheapest.price.amount) !== 0),
  }
}

/** The base price to strike through next to the buyer's price: only a higher one in the same currency. */
export function struckBase(price: MoneyValue | null, basePrice: MoneyValue | null): MoneyValue | null {
  if (!price || !basePrice || price.currency !== basePrice.currency) return null
  return compareDecimal(basePrice.amount, price.amount) > 0 ? basePrice : null
}

/** Nothing of the product can be ordered now: every variant is out of stock. */
export function soldOut(variants: readonly Pick<PricedVariant, 'available'>[]): boolean {
  return variants.length > 0 && variants.every((variant) => variant.available <= 0)
}
