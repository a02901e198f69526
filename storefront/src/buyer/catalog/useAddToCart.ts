// Adding one variant to the cart with the chosen supplier: the server checks minimum, multiple, stock
// and quota, and its userErrors come back keyed for the quantity stepper or the whole form.
import { useMutation } from '@urql/vue'
import { showToast } from 'vant'
import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { formErrors, type FormErrors } from '@/shared/userErrors'
import { requireSupplier } from '../supplier'
import { CART_ADD_LINES } from '../cart/documents'

export const QUANTITY_FIELD = 'lines.0.quantity'
const NO_ERRORS: FormErrors = { byField: {}, general: [] }

export function useAddToCart() {
  const { t, locale } = useI18n()
  const mutation = useMutation(CART_ADD_LINES)
  const errors = ref<FormErrors>(NO_ERRORS)

  async function add(variantId: string, quantity: number): Promise<boolean> {
    errors.value = NO_ERRORS
    const result = await mutation.executeMutation({ input: { supplierId: requireSupplier().id, lines: [{ variantId, quantity }] } })
    const payload = result.data?.cartAddLines
    if (result.error || !payload) {
      errors.value = { byField: {}, general: [t('catalog.offer.failed', { message: result.error?.message ?? '' })] }
      return false
    }
    errors.value = formErrors(payload.userErrors, [QUANTITY_FIELD], locale.value)
    if (payload.userErrors.length > 0 || !payload.cart) return false
    showToast({ message: t('catalog.offer.added'), type: 'success' })
    return true
  }

  function clearErrors() {
    errors.value = NO_ERRORS
  }

  return { add, errors, adding: mutation.fetching, clearErrors }
}
