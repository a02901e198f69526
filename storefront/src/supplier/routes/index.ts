// The dashboard's page groups, in menu order.
import approvals from './approvals'
import catalog from './catalog'
import customers from './customers'
import type { PageGroup } from './group'
import imports from './imports'
import orders from './orders'
import reports from './reports'
import sellthrough from './sellthrough'
import support from './support'

export const GROUPS: readonly PageGroup[] = [orders, approvals, reports, catalog, customers, support, sellthrough, imports]
