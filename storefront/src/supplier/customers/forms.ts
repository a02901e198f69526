// Plain rules of the customers page group's forms, kept out of the components so vitest can try them.
import { formErrors, type FormErrors, type UserErrorLike } from '@/shared/userErrors'

/** The roles a supplier may give its staff (the server checks: ROLE_NOT_ALLOWED). */
export const SUPPLIER_ROLES = ['ADMIN', 'SALES', 'APPROVER', 'WAREHOUSE', 'FINANCE', 'SERVICE'] as const
export type SupplierRole = (typeof SUPPLIER_ROLES)[number]

/** What the roles editor holds: the chosen roles and the APPROVER's level. */
export interface RolesDraft {
  roles: string[]
  approvalLevel: number
}

/** The RoleGrantInput list: the level goes only with APPROVER. */
export function roleGrants(draft: RolesDraft): { role: SupplierRole; approvalLevel: number | null }[] {
  return SUPPLIER_ROLES.filter((role) => draft.roles.includes(role)).map((role) => ({
    role,
    approvalLevel: role === 'APPROVER' ? draft.approvalLevel : null,
  }))
}

/**
 * formErrors where errors inside a list (`roles.1.role`, `steps.0.minTotal`) show at the list's field
 * (`roles`) when the form shows that field rather than each item.
 */
export function listFormErrors(errors: readonly UserErrorLike[], shownFields: readonly string[], locale: string): FormErrors {
  const folded = errors.map((error) => {
    const path = [...(error.field ?? [])]
    const start = path[0] === 'input' ? 1 : 0
    const exact = path.slice(start).join('.')
    const list = path[start]
    if (!shownFields.includes(exact) && list && shownFields.includes(list)) return { ...error, field: [list] }
    return error
  })
  return formErrors(folded, shownFields, locale)
}

/** A customer account's editable terms, as the form's inputs hold them. */
export interface AccountDraft {
  tier: string
  customerGroup: string
  region: string
  salesRepId: string
  creditLimit: string
  paymentTermsDays: string
  contactName: string
  contactPhone: string
  note: string
}

export const ACCOUNT_FIELDS = ['tier', 'customerGroup', 'region', 'salesRepId', 'creditLimit', 'paymentTermsDays', 'contactName', 'contactPhone', 'note'] as const

export interface AccountLike {
  tier?: string | null
  customerGroup?: string | null
  region?: string | null
  salesRep?: { id: string } | null
  creditLimit: { amount: string }
  paymentTermsDays: number
  contactName?: string | null
  contactPhone?: string | null
  note?: string | null
}

export function accountDraft(account: AccountLike): AccountDraft {
  return {
    tier: account.tier ?? '',
    customerGroup: account.customerGroup ?? '',
    region: account.region ?? '',
    salesRepId: account.salesRep?.id ?? '',
    creditLimit: account.creditLimit.amount,
    paymentTermsDays: String(account.paymentTermsDays),
    contactName: account.contactName ?? '',
    contactPhone: account.contactPhone ?? '',
    note: account.note ?? '',
  }
}

export type AccountChanges = Partial<Record<Exclude<(typeof ACCOUNT_FIELDS)[number], 'paymentTermsDays'>, string | null>> & {
  paymentTermsDays?: number | null
}

/**
 * Only the fields the user changed: the server lets FINANCE change credit terms but nothing else,
 * and a field left out keeps its value. An emptied text field is sent as null (cleared).
 */
export function accountChanges(before: AccountDraft, after: AccountDraft): AccountChanges {
  const changes: AccountChanges = {}
  for (const field of ACCOUNT_FIELDS) {
    const value = after[field].trim()
    if (value === before[field].trim()) continue
    if (field === 'paymentTermsDays') {
      // A non-number goes through as NaN → the server cannot parse it; keep what was typed visible instead.
      changes.paymentTermsDays = value === '' ? null : Number(value)
    } else {
      changes[field] = value === '' ? null : value
    }
  }
  return changes
}

/** Weekday numbers as the API has them: 0 is Monday. */
export const WEEKDAYS = [0, 1, 2, 3, 4, 5, 6] as const

/** "08:30:00" → "08:30" for display; the API's Time may carry seconds. */
export function shortTime(time: string): string {
  return time.slice(0, 5)
}
