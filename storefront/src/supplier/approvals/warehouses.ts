// The warehouses a return can go back into, from what the API offers (it lists no warehouses as
// such): those the order shipped from first — the natural place — then any other the supplier stocks.

export interface WarehouseOption {
  id: string
  code: string
  name: string
}

export function returnWarehouses(shippedFrom: readonly WarehouseOption[], stocked: readonly WarehouseOption[]): WarehouseOption[] {
  const seen = new Map<string, WarehouseOption>()
  for (const warehouse of [...shippedFrom, ...stocked]) {
    if (!seen.has(warehouse.id)) seen.set(warehouse.id, warehouse)
  }
  return [...seen.values()]
}
