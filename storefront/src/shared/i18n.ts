// vue-i18n set up the same way for both web apps: zh-CN by default, en, the choice remembered.
import { createI18n } from 'vue-i18n'

export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = (typeof LOCALES)[number]
const STORAGE_KEY = 'dinghuo.locale'

interface Messages {
  [key: string]: string | Messages
}

/** One module's messages in both locales; the same keys in each, checked by the compiler. */
export function defineMessages<T extends Messages>(messages: { 'zh-CN': T; en: NoInfer<T> }): { 'zh-CN': T; en: T } {
  return messages
}

/** Merges modules' messages: each module is a namespace (`catalog.title`). */
export function mergeMessages(modules: Record<string, { 'zh-CN': Messages; en: Messages }>): Record<Locale, Messages> {
  const merged: Record<Locale, Messages> = { 'zh-CN': {}, en: {} }
  for (const [name, module] of Object.entries(modules)) {
    merged['zh-CN'][name] = module['zh-CN']
    merged.en[name] = module.en
  }
  return merged
}

export function savedLocale(): Locale {
  const saved = localStorage.getItem(STORAGE_KEY)
  return LOCALES.find((locale) => locale === saved) ?? 'zh-CN'
}

export function rememberLocale(locale: Locale): void {
  localStorage.setItem(STORAGE_KEY, locale)
  document.documentElement.lang = locale
}

export function createAppI18n(messages: Record<Locale, Messages>) {
  const locale = savedLocale()
  document.documentElement.lang = locale
  return createI18n({ legacy: false, locale, fallbackLocale: 'zh-CN', messages })
}
