// Formatting bound to the page's current locale: money(m), date(d), dateTime(t) in templates.
import { useI18n } from 'vue-i18n'
import { formatDate, formatDateTime, formatMoney, type MoneyValue } from './format'

export function useFormat() {
  const { locale } = useI18n()
  return {
    money: (value: MoneyValue | null | undefined) => (value ? formatMoney(value, locale.value) : '—'),
    date: (value: string | null | undefined) => (value ? formatDate(value, locale.value) : '—'),
    dateTime: (value: string | null | undefined) => (value ? formatDateTime(value, locale.value) : '—'),
  }
}
