// The dashboard's messages, one module per page group (a namespace each).
import { createAppI18n, mergeMessages } from '@/shared/i18n'
import app from './app'

export const i18n = createAppI18n(mergeMessages({ app }))
