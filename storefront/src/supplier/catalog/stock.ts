// Stock rows: one per variant and warehouse, from the products the staff query returns.

export interface StockLevelRecord {
  warehouse: { id: string; code: string; name: string }
  onHand: number
  reserved: number
  available: number
  lowStockThreshold?: number | null
  isLow: boolean
}

export interface StockProductRecord {
  id: string
  name: string
  variants: readonly { id: string; sku: string; unit: string; stockLevels: readonly StockLevelRecord[] }[]
}

export interface StockRow {
  key: string
  productName: string
  variantId: string
  sku: string
  unit: string
  level: StockLevelRecord
}

export function stockRows(products: readonly StockProductRecord[]): StockRow[] {
  return products.flatMap((product) =>
    product.variants.flatMap((variant) =>
      variant.stockLevels.map((level) => ({
        key: `${variant.id}:${level.warehouse.id}`,
        productName: product.name,
        variantId: variant.id,
        sku: variant.sku,
        unit: variant.unit,
        level,
      })),
    ),
  )
}

/** Rows the server flags as low (库存预警: available at or below the threshold). */
export function lowStockRows(rows: readonly StockRow[]): StockRow[] {
  return rows.filter((row) => row.level.isLow)
}
