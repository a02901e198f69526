// Plain rules of the account forms, kept out of the components so vitest can try them.
import { ref } from 'vue'
import { formErrors, type FormErrors, type UserErrorLike } from '@/shared/userErrors'

/** The roles a buying organization may give its users (the server checks: ROLE_NOT_ALLOWED). */
export const BUYER_ROLES = ['ADMIN', 'PURCHASER', 'RECEIVER', 'FINANCE'] as const
export type BuyerRole = (typeof BUYER_ROLES)[number]

/** The repeated password must be the new one, checked before anything is sent. */
export function repeatMatches(password: string, repeat: string): boolean {
  return password === repeat
}

/**
 * formErrors for a form whose fields sit under one input object (`user.email`, `address.phone`) or
 * directly under input (`email`): both name the same shown field, so the form needs one key each.
 * List errors (`roles.1.role`) show at their list's field (`roles`) when the form shows it.
 */
export function nestedFormErrors(
  errors: readonly UserErrorLike[],
  shownFields: readonly string[],
  nestedUnder: readonly string[],
  locale: string,
): FormErrors {
  const flattened = errors.map((error) => {
    const path = [...(error.field ?? [])]
    const start = path[0] === 'input' ? 1 : 0
    if (nestedUnder.includes(path[start] ?? '') && path.length > start + 1) path.splice(start, 1)
    const list = path[start]
    if (list && shownFields.includes(list) && path.length > start + 1 && /^\d+$/.test(path[start + 1] ?? '')) {
      path.splice(start + 1)
    }
    return { ...error, field: path }
  })
  return formErrors(flattened, shownFields, locale)
}

/** What an address form holds: every field a string, as the inputs give them. */
export interface AddressDraft {
  recipient: string
  phone: string
  region: string
  street: string
  postalCode: string
  label: string
  isDefault: boolean
}

export const EMPTY_ADDRESS: AddressDraft = { recipient: '', phone: '', region: '', street: '', postalCode: '', label: '', isDefault: false }

/** The AddressInput to send: trimmed, optional fields left empty become null. */
export function addressInput(draft: AddressDraft) {
  const optional = (value: string) => value.trim() || null
  return {
    recipient: draft.recipient.trim(),
    phone: draft.phone.trim(),
    region: draft.region.trim(),
    street: draft.street.trim(),
    postalCode: optional(draft.postalCode),
    label: optional(draft.label),
    isDefault: draft.isDefault,
  }
}

export interface AddressLike {
  recipient: string
  phone: string
  region: string
  street: string
  postalCode?: string | null
  label?: string | null
  isDefault: boolean
}

export function addressDraft(address: AddressLike): AddressDraft {
  return {
    recipient: address.recipient,
    phone: address.phone,
    region: address.region,
    street: address.street,
    postalCode: address.postalCode ?? '',
    label: address.label ?? '',
    isDefault: address.isDefault,
  }
}

/** The roles kept in a role editor, in the order the editor lists them. */
export function sortedBuyerRoles(roles: readonly string[]): BuyerRole[] {
  return BUYER_ROLES.filter((role) => roles.includes(role))
}

/**
 * The check of a repeated new password, run before a form sends it: `confirm` says whether the two
 * agree and leaves `repeatError` for the repeat field (NewPasswordFields) to show.
 */
export function useRepeatedPassword(mismatchText: () => string) {
  const repeatError = ref('')
  function confirm(password: string, repeat: string): boolean {
    repeatError.value = repeatMatches(password, repeat) ? '' : mismatchText()
    return repeatError.value === ''
  }
  return { repeatError, confirm }
}
