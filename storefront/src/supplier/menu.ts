// The dashboard's menu: each entry shows only when the server lets the user call its operation.
export interface MenuEntry {
  path: string
  label: string
  icon: string
  operation: string
}

export const MENU: readonly MenuEntry[] = [
  { path: '/', label: 'app.menu.board', icon: 'Monitor', operation: 'orders' },
  { path: '/approvals', label: 'app.menu.approvals', icon: 'Stamp', operation: 'approvals' },
]
