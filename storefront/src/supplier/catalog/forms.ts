// Plain logic behind the catalog forms: what the user typed turned into the API's inputs, and the
// API's rows turned into what the tables show.

export interface AttributeValue {
  name: string
  value: string
}

/** The spec attribute that holds the pack size (包装, e.g. "12瓶/箱"). */
export const PACK_ATTRIBUTE = '包装'

export interface VariantDraft {
  /** Set when the variant exists (edit), empty for a new one. */
  id: string
  sku: string
  barcode: string
  unit: string
  pack: string
  /** Other spec attributes (规格…), kept as they were. */
  otherSpec: AttributeValue[]
  basePrice: string
  minOrderQuantity: number
  orderMultiple: number
  /** Volume breaks as typed: "10:40.00, 50:38.50". */
  volumeBreaks: string
}

export function emptyVariant(): VariantDraft {
  return { id: '', sku: '', barcode: '', unit: '', pack: '', otherSpec: [], basePrice: '', minOrderQuantity: 1, orderMultiple: 1, volumeBreaks: '' }
}

export interface VariantRecord {
  id: string
  sku: string
  barcode?: string | null
  unit: string
  spec: readonly AttributeValue[]
  basePrice?: { amount: string } | null
  minOrderQuantity: number
  orderMultiple: number
  volumeBreaks: readonly { minQuantity: number; unitPrice: { amount: string } }[]
}

/** A stored variant as the form edits it; the ladder's first step (1 unit) is the base price itself. */
export function variantDraft(variant: VariantRecord): VariantDraft {
  return {
    id: variant.id,
    sku: variant.sku,
    barcode: variant.barcode ?? '',
    unit: variant.unit,
    pack: variant.spec.find((a) => a.name === PACK_ATTRIBUTE)?.value ?? '',
    otherSpec: variant.spec.filter((a) => a.name !== PACK_ATTRIBUTE).map((a) => ({ ...a })),
    basePrice: variant.basePrice?.amount ?? '',
    minOrderQuantity: variant.minOrderQuantity,
    orderMultiple: variant.orderMultiple,
    volumeBreaks: formatBreaks(variant.volumeBreaks.filter((b) => b.minQuantity > 1).map((b) => ({ minQuantity: b.minQuantity, price: b.unitPrice.amount }))),
  }
}

export interface BreakValue {
  minQuantity: number
  price: string
}

export function formatBreaks(breaks: readonly BreakValue[]): string {
  return breaks.map((b) => `${b.minQuantity}:${b.price}`).join(', ')
}

/** "10:40, 50:38.5" → breaks; null when a part is not "quantity:price". */
export function parseBreaks(text: string): BreakValue[] | null {
  const parts = text.split(/[,，;\s]+/).filter(Boolean)
  const breaks: BreakValue[] = []
  for (const part of parts) {
    const match = /^(\d+)[:：](\d+(?:\.\d+)?)$/.exec(part)
    if (!match) return null
    breaks.push({ minQuantity: Number(match[1]), price: match[2]! })
  }
  return breaks
}

export interface VariantInputValue {
  sku: string
  basePrice: string
  barcode: string | null
  unit: string | null
  spec: AttributeValue[]
  minOrderQuantity: number
  orderMultiple: number
  volumeBreaks: { minQuantity: number; price: string }[]
}

/** The API's VariantInput; the breaks must already parse (the form checks them first). */
export function variantInput(draft: VariantDraft): VariantInputValue {
  const spec = [...draft.otherSpec.filter((a) => a.name.trim() && a.value.trim())]
  if (draft.pack.trim()) spec.push({ name: PACK_ATTRIBUTE, value: draft.pack.trim() })
  return {
    sku: draft.sku.trim(),
    basePrice: draft.basePrice.trim(),
    barcode: draft.barcode.trim() || null,
    unit: draft.unit.trim() || null,
    spec,
    minOrderQuantity: draft.minOrderQuantity,
    orderMultiple: draft.orderMultiple,
    volumeBreaks: parseBreaks(draft.volumeBreaks) ?? [],
  }
}

/** Image URLs, one a line. */
export function parseLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
}

/** A rate list's percentage as typed (92, 92.5) → the API's rate (0.92, 0.925); null when not a number. */
export function rateFromPercent(percent: string): string | null {
  const trimmed = percent.trim()
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return null
  const [whole, fraction = ''] = trimmed.split('.')
  // Decimal shift by two places on the string: no binary float rounding.
  const digits = `${whole}${fraction}`.replace(/^0+(?=\d)/, '')
  const scale = fraction.length + 2
  const padded = digits.padStart(scale + 1, '0')
  const result = `${padded.slice(0, padded.length - scale)}.${padded.slice(padded.length - scale)}`
  return result.replace(/\.?0+$/, '') || '0'
}

/** The API's rate (0.9000) → a percentage to show (90). */
export function percentFromRate(rate: string): string {
  const [whole = '0', fraction = ''] = rate.split('.')
  const shifted = `${whole}${fraction.padEnd(2, '0').slice(0, 2)}`.replace(/^0+(?=\d)/, '')
  const rest = fraction.slice(2).replace(/0+$/, '')
  return rest ? `${shifted}.${rest}` : shifted
}

/** A field error of a single-variant mutation (["input","variant","sku"]) keyed as the form's row. */
export function variantErrorKey(path: readonly string[] | null | undefined, row: number): string {
  const rest = (path ?? []).filter((part, index) => !(index === 0 && part === 'input'))
  if (rest[0] === 'variant') return ['variants', String(row), ...rest.slice(1)].join('.')
  return rest.join('.')
}
