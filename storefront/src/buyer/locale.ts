// Switching the language switches our messages and Vant's own (date pickers, dialogs) together.
import { Locale as VantLocale } from 'vant'
import enUS from 'vant/es/locale/lang/en-US'
import zhCN from 'vant/es/locale/lang/zh-CN'
import { computed } from 'vue'
import { rememberLocale, type Locale } from '@/shared/i18n'
import { i18n } from './i18n'

const VANT_MESSAGES = { 'zh-CN': ['zh-CN', zhCN], en: ['en-US', enUS] } as const

export const currentLocale = computed(() => i18n.global.locale.value as Locale)

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale
  const [vantName, vantMessages] = VANT_MESSAGES[locale]
  VantLocale.use(vantName, vantMessages)
  rememberLocale(locale)
}
