// A catalog form's errors from its mutations' answers: next to the fields it shows, the others
// (and a failed request) above the form.
import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { formErrors, type FormErrors, type UserErrorLike } from '@/shared/userErrors'

export function useFormErrors(shownFields: () => readonly string[]) {
  const { locale } = useI18n()
  const errors = ref<FormErrors>({ byField: {}, general: [] })

  function refused(userErrors: readonly UserErrorLike[]): void {
    errors.value = formErrors(userErrors, shownFields(), locale.value)
  }

  /** True when the mutation went through; else its errors are shown. */
  function accepted(payload: { userErrors: readonly UserErrorLike[] } | null | undefined, networkError?: string): boolean {
    if (!payload) {
      errors.value = { byField: {}, general: [networkError ?? ''] }
      return false
    }
    refused(payload.userErrors)
    return payload.userErrors.length === 0
  }

  return { errors, refused, accepted }
}
