// The dashboard's menu, gathered from the page groups: each entry shows only when the server lets
// the user call its operation (viewer.operations).
import { GROUPS } from './routes'
import type { MenuEntry } from './routes/group'

export const MENU: readonly MenuEntry[] = GROUPS.flatMap((group) => group.menu)
