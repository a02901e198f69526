// The two ways a row of the approvals tables is decided, written once for the inbox, payments
// and returns: a confirmed one-click action (busy on its row), and a rejection asking for a reason
// in ReasonDialog, whose field shows the server's error for `reason`.
import { ElMessage } from 'element-plus'
import { computed, reactive, ref, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { formErrors, type FormErrors, type UserErrorLike } from '@/shared/userErrors'

/** What a mutation answered: the transport error, or the payload with its userErrors. */
export interface DecisionOutcome {
  error?: { message: string }
  payload: { userErrors: readonly UserErrorLike[] } | null | undefined
}

const NO_ERRORS: FormErrors = { byField: {}, general: [] }

/**
 * A one-click decision after `ask` (a confirm box; rejecting it means "closed, nothing decided").
 * Errors show as a message; `after` runs whatever the outcome (the list is fetched again).
 */
export function useConfirmedDecision<Row extends { id: string }>(options: {
  ask: (row: Row) => Promise<unknown>
  run: (row: Row) => Promise<DecisionOutcome>
  succeeded: (row: Row) => void
  after: () => void
}) {
  const { locale } = useI18n()
  const busy = ref<string | null>(null)

  async function decide(row: Row) {
    try {
      await options.ask(row)
    } catch {
      return
    }
    busy.value = row.id
    try {
      const { error, payload } = await options.run(row)
      if (error || !payload) ElMessage.error(error?.message ?? '')
      else if (payload.userErrors.length > 0) ElMessage.error(formErrors(payload.userErrors, [], locale.value).general.join('；'))
      else options.succeeded(row)
    } finally {
      busy.value = null
      options.after()
    }
  }

  return { busy, decide }
}

/** What ReasonDialog shows and calls: open while a row is being rejected. */
export interface ReasonDecision {
  open: boolean
  errors: FormErrors
  submitting: boolean
  submit: (reason: string) => Promise<void>
}

/** A rejection with a reason, one reactive object for ReasonDialog: open while a row is being rejected. */
export function useReasonDecision<Row>(options: {
  run: (row: Row, reason: string) => Promise<DecisionOutcome>
  succeeded: (row: Row) => void
}) {
  const { locale } = useI18n()
  const subject = ref(null) as Ref<Row | null>
  const open = computed({
    get: () => subject.value !== null,
    set: (isOpen: boolean) => {
      if (!isOpen) subject.value = null
    },
  })
  const errors = ref<FormErrors>(NO_ERRORS)
  const submitting = ref(false)

  function start(row: Row) {
    errors.value = NO_ERRORS
    subject.value = row
  }

  async function submit(reason: string) {
    const row = subject.value
    if (row === null) return
    submitting.value = true
    const { error, payload } = await options.run(row, reason).finally(() => (submitting.value = false))
    if (error || !payload) {
      errors.value = { byField: {}, general: [error?.message ?? ''] }
      return
    }
    errors.value = formErrors(payload.userErrors, ['reason'], locale.value)
    if (payload.userErrors.length > 0) return
    subject.value = null
    options.succeeded(row)
  }

  return reactive({ subject, open, errors, submitting, start, submit })
}
