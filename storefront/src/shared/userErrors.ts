// userErrors arrive with the path of the input field they name (["input", "lines", "0", "quantity"]);
// a form shows each next to that field and the ones no field claims above the form.
import { USER_ERROR_ZH } from './errorTexts'

export interface UserErrorLike {
  field?: readonly string[] | null
  code: string
  message: string
}

/** The error's field path without the leading "input": `lines.0.quantity`; '' for the whole form. */
export function fieldKey(error: UserErrorLike): string {
  const path = error.field ?? []
  return (path[0] === 'input' ? path.slice(1) : path).join('.')
}

export interface FormErrors {
  /** Message per field key, the first error of each field. */
  byField: Record<string, string>
  /** Messages of errors whose field the form does not show. */
  general: string[]
}

/** The message to show: the server's own in English, the code's Chinese text in zh-CN. */
export function userErrorText(error: UserErrorLike, locale: string): string {
  return (locale === 'zh-CN' && USER_ERROR_ZH[error.code]) || error.message
}

export function formErrors(errors: readonly UserErrorLike[], shownFields: readonly string[], locale = 'en'): FormErrors {
  const byField: Record<string, string> = {}
  const general: string[] = []
  for (const error of errors) {
    const key = fieldKey(error)
    if (shownFields.includes(key)) {
      byField[key] ??= userErrorText(error, locale)
    } else {
      general.push(userErrorText(error, locale))
    }
  }
  return { byField, general }
}
