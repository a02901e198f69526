// A price list's form values: read back from the list for editing, and sent as PriceListCreateInput
// (priceListCreate takes it as is, priceListUpdate under `priceList`).
import { percentFromRate } from './forms'

export type PriceListKind = 'FIXED' | 'RATE'

export interface PriceListRecord {
  id: string
  name: string
  kind: PriceListKind
  rate?: string | null
  priority: number
  validFrom?: string | null
  validUntil?: string | null
  customerAccountIds: readonly string[]
  tiers: readonly string[]
  customerGroups: readonly string[]
  regions: readonly string[]
}

export interface PriceListDraft {
  name: string
  kind: PriceListKind
  ratePercent: string
  priority: number
  validFrom: Date | null
  validUntil: Date | null
  customerAccountIds: string[]
  tiers: string[]
  customerGroups: string[]
  regions: string[]
}

export function emptyPriceList(): PriceListDraft {
  return { name: '', kind: 'FIXED', ratePercent: '', priority: 0, validFrom: null, validUntil: null, customerAccountIds: [], tiers: [], customerGroups: [], regions: [] }
}

export function priceListDraftOf(priceList: PriceListRecord): PriceListDraft {
  return {
    name: priceList.name,
    kind: priceList.kind,
    ratePercent: priceList.rate ? percentFromRate(priceList.rate) : '',
    priority: priceList.priority,
    validFrom: priceList.validFrom ? new Date(priceList.validFrom) : null,
    validUntil: priceList.validUntil ? new Date(priceList.validUntil) : null,
    customerAccountIds: [...priceList.customerAccountIds],
    tiers: [...priceList.tiers],
    customerGroups: [...priceList.customerGroups],
    regions: [...priceList.regions],
  }
}

/** The input for a draft whose rate (RATE lists) is already parsed. */
export function priceListInput(draft: PriceListDraft, rate: string | null) {
  return {
    name: draft.name.trim(),
    kind: draft.kind,
    rate: draft.kind === 'RATE' ? rate : null,
    priority: draft.priority,
    validFrom: draft.validFrom?.toISOString() ?? null,
    validUntil: draft.validUntil?.toISOString() ?? null,
    customerAccountIds: draft.customerAccountIds,
    tiers: draft.tiers,
    customerGroups: draft.customerGroups,
    regions: draft.regions,
  }
}

/** Whom a list prices for, as words: accounts by name (an unknown one by its id), then tiers, groups, regions. */
export function assignmentParts(priceList: Pick<PriceListRecord, 'customerAccountIds' | 'tiers' | 'customerGroups' | 'regions'>, accountName: (id: string) => string | undefined, labels: { tier: string; group: string; region: string }): string[] {
  return [
    ...priceList.customerAccountIds.map((id) => accountName(id) ?? id),
    ...priceList.tiers.map((tier) => `${labels.tier} ${tier}`),
    ...priceList.customerGroups.map((group) => `${labels.group} ${group}`),
    ...priceList.regions.map((region) => `${labels.region} ${region}`),
  ]
}
