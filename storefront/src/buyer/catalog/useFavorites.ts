// Marking a variant as a favourite or not, with the chosen supplier: the product page's toggle and the
// favourites list's remove. The server answers with the favourites it now holds, which is the truth.
import { useMutation } from '@urql/vue'
import { showToast } from 'vant'
import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { userErrorText } from '@/shared/userErrors'
import { requireSupplier } from '../supplier'
import { FAVORITE_ADD, FAVORITE_REMOVE } from './documents'

export function useFavorites() {
  const { locale } = useI18n()
  const add = useMutation(FAVORITE_ADD)
  const remove = useMutation(FAVORITE_REMOVE)

  /** Adds or removes; answers the ids of the favourites now kept, or null after a toast saying why not. */
  async function setFavorite(variantId: string, favorite: boolean): Promise<Set<string> | null> {
    const input = { supplierId: requireSupplier().id, variantId }
    const { error, payload } = favorite
      ? await add.executeMutation({ input }).then((result) => ({ error: result.error, payload: result.data?.favoriteAdd }))
      : await remove.executeMutation({ input }).then((result) => ({ error: result.error, payload: result.data?.favoriteRemove }))
    if (error || !payload) {
      showToast(error?.message ?? '')
      return null
    }
    const [problem] = payload.userErrors
    if (problem) {
      showToast(userErrorText(problem, locale.value))
      return null
    }
    return new Set((payload.favorites ?? []).map((kept) => kept.id))
  }

  return {
    setFavorite,
    busy: computed(() => add.fetching.value || remove.fetching.value),
    removing: remove.fetching,
  }
}
