// The prices dialog's rows: a fixed list's current prices, edited in place, and rows added to them.
// priceListSetPrices replaces every price of each variant it is given, so a save sends all the rows
// of each variant that changed — the untouched ones too, or their volume breaks would be lost.

export interface PriceNode {
  variantId: string
  sku: string
  productName: string
  minQuantity: number
  price: { amount: string }
}

export interface PriceRow {
  /** Stable across edits: Vue's key and the key of the row's errors. */
  key: string
  variantId: string
  price: string
  minQuantity: number
  /** As the server has it; null for a row added here. */
  saved: { price: string; minQuantity: number } | null
}

let added = 0

export function savedRows(nodes: readonly PriceNode[]): PriceRow[] {
  return nodes.map((node) => ({
    key: `${node.variantId}:${node.minQuantity}`,
    variantId: node.variantId,
    price: node.price.amount,
    minQuantity: node.minQuantity,
    saved: { price: node.price.amount, minQuantity: node.minQuantity },
  }))
}

export function newRow(variantId = ''): PriceRow {
  added += 1
  return { key: `new:${added}`, variantId, price: '', minQuantity: 1, saved: null }
}

function changed(row: PriceRow): boolean {
  if (!row.saved) return row.variantId !== '' || row.price.trim() !== ''
  return row.price.trim() !== row.saved.price || row.minQuantity !== row.saved.minQuantity
}

/** Variants with a changed or added row. */
export function changedVariants(rows: readonly PriceRow[]): Set<string> {
  return new Set(rows.filter(changed).map((row) => row.variantId))
}

export interface PricesToSave {
  prices: { variantId: string; price: string; minQuantity: number }[]
  /** The row key of each price sent, by its index: the server's errors name `prices.<index>`. */
  rowOfPrice: string[]
  /** Added rows with a price but no variant chosen: the server cannot be asked about them. */
  withoutVariant: string[]
}

export function pricesToSave(rows: readonly PriceRow[]): PricesToSave {
  const variants = changedVariants(rows)
  const sent = rows.filter((row) => row.variantId !== '' && variants.has(row.variantId))
  return {
    prices: sent.map((row) => ({ variantId: row.variantId, price: row.price.trim(), minQuantity: row.minQuantity })),
    rowOfPrice: sent.map((row) => row.key),
    withoutVariant: rows.filter((row) => row.variantId === '' && changed(row)).map((row) => row.key),
  }
}

/** The server's `prices.<index>.<field>` errors keyed by row: `<row key>.<field>`. */
export function rowErrors(byField: Record<string, string>, rowOfPrice: readonly string[]): Record<string, string> {
  const byRow: Record<string, string> = {}
  for (const [field, message] of Object.entries(byField)) {
    const match = /^prices\.(\d+)\.(\w+)$/.exec(field)
    const key = match ? rowOfPrice[Number(match[1])] : undefined
    if (match && key) byRow[`${key}.${match[2]}`] = message
  }
  return byRow
}
