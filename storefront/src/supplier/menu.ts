// The dashboard's menu, gathered from the page groups: each entry shows only when the server lets
// the user call its operation (viewer.operations).
import approvals from './routes/approvals'
import catalog from './routes/catalog'
import customers from './routes/customers'
import orders from './routes/orders'
import type { MenuEntry } from './routes/group'

export const MENU: readonly MenuEntry[] = [orders, approvals, catalog, customers].flatMap((group) => group.menu)
