// The analytics period lives in the address (?from=&to=), the last 30 days when absent, so a view
// can be linked to and the two analytics pages keep the same period when switching.
import { ElMessage } from 'element-plus'
import { computed, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { useRoute, useRouter } from 'vue-router'
import { periodFromQuery, type Period } from '@/shared/period'
import { downloadExport } from '@/shared/statementDownload'
import { session } from '../api'
import { reportExportUrl, shortcutPeriod, type ReportView } from './period'

export function useReportPeriod() {
  const route = useRoute()
  const router = useRouter()
  const { t } = useI18n()
  const period = computed<Period>(() => periodFromQuery(route.query.from, route.query.to) ?? shortcutPeriod('last30', new Date()))
  function setPeriod(next: Period) {
    void router.replace({ query: { ...route.query, from: next.from, to: next.to } })
  }

  const exporting = ref(false)
  async function exportExcel(view: ReportView, options: Record<string, string> = {}) {
    const token = session.current.value?.token
    if (!token) return
    exporting.value = true
    try {
      const fallback = `sales-${view}-${period.value.from}-${period.value.to}.xlsx`
      const name = await downloadExport(reportExportUrl(view, period.value, options), token, fallback)
      ElMessage.success(t('reports.exported', { name }))
    } catch (error) {
      ElMessage.error(t('reports.exportFailed', { message: error instanceof Error ? error.message : String(error) }))
    } finally {
      exporting.value = false
    }
  }
  return { period, setPeriod, exporting, exportExcel }
}
