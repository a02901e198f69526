// The supplier the buyer is ordering from, with the buyer's customer account there (balance,
// statements, payments). A buyer with accounts at several suppliers picks one (/suppliers); the
// choice is remembered. Catalog, cart, checkout and the money pages all read it from here.
import { computed, ref } from 'vue'
import { graphql, type ResultOf } from '@/shared/graphql'
import { api } from './api'

const STORAGE_KEY = 'dinghuo.buyer.supplier'

export const SUPPLIERS = graphql(`
  query BuyerSuppliers {
    suppliers { id name code currency }
    customerAccounts(first: 100, filter: { status: [APPROVED] }) {
      edges { node { id supplier { id } } }
    }
  }
`)

export interface SupplierChoice {
  id: string
  name: string
  /** The buyer's customer account with this supplier. */
  customerAccountId: string
}

type SuppliersResult = ResultOf<typeof SUPPLIERS>

/** The buyer's suppliers, each with the buyer's account there. */
export function supplierChoices(data: SuppliersResult | undefined): SupplierChoice[] {
  const accounts = new Map((data?.customerAccounts.edges ?? []).map(({ node }) => [node.supplier.id, node.id]))
  return (data?.suppliers ?? []).flatMap((supplier) => {
    const customerAccountId = accounts.get(supplier.id)
    return customerAccountId ? [{ id: supplier.id, name: supplier.name, customerAccountId }] : []
  })
}

const chosen = ref<SupplierChoice | null>(load())

export const currentSupplier = computed(() => chosen.value)

export function chooseSupplier(supplier: SupplierChoice): void {
  chosen.value = { id: supplier.id, name: supplier.name, customerAccountId: supplier.customerAccountId }
  localStorage.setItem(STORAGE_KEY, JSON.stringify(chosen.value))
}

export function forgetSupplier(): void {
  chosen.value = null
  localStorage.removeItem(STORAGE_KEY)
}

/**
 * Makes sure a supplier is chosen: keeps a remembered one that is still among the buyer's suppliers,
 * takes the only one, and answers 'pick' when the buyer must choose (or 'none' with no supplier).
 */
export async function settleSupplier(): Promise<'ready' | 'pick' | 'none'> {
  const result = await api.client.query(SUPPLIERS, {}, { requestPolicy: 'network-only' }).toPromise()
  const suppliers = supplierChoices(result.data)
  const kept = suppliers.find((supplier) => supplier.id === chosen.value?.id)
  if (kept) {
    chooseSupplier(kept)
    return 'ready'
  }
  if (suppliers.length === 1 && suppliers[0]) {
    chooseSupplier(suppliers[0])
    return 'ready'
  }
  forgetSupplier()
  return suppliers.length === 0 ? 'none' : 'pick'
}

function load(): SupplierChoice | null {
  try {
    const parsed = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as SupplierChoice | null
    const complete = parsed && [parsed.id, parsed.name, parsed.customerAccountId].every((value) => typeof value === 'string')
    return complete ? parsed : null
  } catch {
    return null
  }
}

/** The chosen supplier for a page that needs one (the router sends the buyer to pick first). */
export function requireSupplier(): SupplierChoice {
  const supplier = chosen.value
  if (!supplier) throw new Error('No supplier chosen: the router guard sends the buyer to /suppliers first')
  return supplier
}
