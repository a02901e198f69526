// el-table draws its own <tr>s and takes no attributes for them; the board's rows still need a
// data-test and the raw status for tests and styling, so they are set on the drawn rows after each render.
import { nextTick, watch, type Ref, type WatchSource } from 'vue'

export function useRowAttributes<T>(table: Ref<{ $el: HTMLElement } | null>, rows: WatchSource<readonly T[]>, attributes: (row: T) => Record<string, string>, getRows: () => readonly T[]): void {
  watch(
    [rows, table],
    async () => {
      await nextTick()
      const root = table.value?.$el
      if (!root) return
      const drawn = root.querySelectorAll<HTMLTableRowElement>('.el-table__body-wrapper tbody tr.el-table__row')
      const data = getRows()
      drawn.forEach((tr, index) => {
        const row = data[index]
        if (row === undefined) return
        for (const [name, value] of Object.entries(attributes(row))) tr.setAttribute(name, value)
      })
    },
    { deep: true, flush: 'post', immediate: true },
  )
}
