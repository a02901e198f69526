// The bulk import and export page (批量导入/导出).
import type { PageGroup } from './group'

export default {
  routes: [{ path: '/imports', component: () => import('../pages/imports/ImportExportPage.vue') }],
  menu: [{ path: '/imports', label: 'imports.menu', operation: 'productsImport' }],
} satisfies PageGroup
