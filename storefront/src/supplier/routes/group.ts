import type { RouteRecordRaw } from 'vue-router'

/** One entry of the side menu; shown when the user may call `operation`. */
export interface MenuEntry {
  path: string
  /** i18n key of the label. */
  label: string
  operation: string
}

/** A page group of the dashboard: its routes and its menu entries. */
export interface PageGroup {
  routes: RouteRecordRaw[]
  menu: MenuEntry[]
}
