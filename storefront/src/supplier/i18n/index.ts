// The dashboard's messages, one module per page group (a namespace each: `orders.board.title`).
import { createAppI18n, mergeMessages } from '@/shared/i18n'
import app from './app'
import approvals from './approvals'
import catalog from './catalog'
import customers from './customers'
import imports from './imports'
import orders from './orders'
import reports from './reports'
import sellthrough from './sellthrough'
import support from './support'

export const i18n = createAppI18n(mergeMessages({ app, orders, approvals, reports, catalog, customers, support, sellthrough, imports }))
