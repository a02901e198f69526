// The dashboard's language: our messages and Element Plus's own (date pickers, pagination).
import en from 'element-plus/es/locale/lang/en'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import { computed } from 'vue'
import { rememberLocale, type Locale } from '@/shared/i18n'
import { i18n } from './i18n'

export const currentLocale = computed(() => i18n.global.locale.value as Locale)
export const elementLocale = computed(() => (currentLocale.value === 'en' ? en : zhCn))

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale
  rememberLocale(locale)
}
