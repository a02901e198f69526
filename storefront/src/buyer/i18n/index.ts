// The buyer app's messages, one module per page group (a namespace each: `cart.total`).
import { createAppI18n, mergeMessages } from '@/shared/i18n'
import account from './account'
import app from './app'
import cart from './cart'
import catalog from './catalog'
import money from './money'
import orders from './orders'
import publicPages from './public'
import sellthrough from './sellthrough'
import support from './support'

export const i18n = createAppI18n(mergeMessages({ app, public: publicPages, catalog, cart, orders, money, account, support, sellthrough }))
