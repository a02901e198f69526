import { defineMessages } from '@/shared/i18n'

export default defineMessages({
  'zh-CN': {},
  en: {},
})
