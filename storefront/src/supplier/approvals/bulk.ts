// Deciding several orders at once: one mutation per order, one after another, so each order's
// outcome (done, or the server's reason) is reported on its own.

export interface BulkOutcome<K> {
  key: K
  label: string
  /** null when it went through; else why not. */
  error: string | null
}

export async function runEach<T, K>(
  items: readonly T[],
  describe: (item: T) => { key: K; label: string },
  act: (item: T) => Promise<string | null>,
): Promise<BulkOutcome<K>[]> {
  const outcomes: BulkOutcome<K>[] = []
  for (const item of items) {
    const { key, label } = describe(item)
    let error: string | null
    try {
      error = await act(item)
    } catch (failure) {
      error = failure instanceof Error ? failure.message : String(failure)
    }
    outcomes.push({ key, label, error })
  }
  return outcomes
}

export function failures<K>(outcomes: readonly BulkOutcome<K>[]): BulkOutcome<K>[] {
  return outcomes.filter((outcome) => outcome.error !== null)
}
