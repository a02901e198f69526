// Cursor paging for the dashboard's tables: the cursors of the pages already seen, so "previous"
// goes back exactly where it came from.

export class CursorPager {
  private readonly cursors: (string | null)[] = [null]

  /** The cursor of the page shown (null: the first page). */
  get after(): string | null {
    return this.cursors[this.cursors.length - 1] ?? null
  }

  get page(): number {
    return this.cursors.length
  }

  get hasPrevious(): boolean {
    return this.cursors.length > 1
  }

  next(endCursor: string | null | undefined): void {
    if (endCursor) this.cursors.push(endCursor)
  }

  previous(): void {
    if (this.cursors.length > 1) this.cursors.pop()
  }

  reset(): void {
    this.cursors.splice(1)
  }
}

/** What PagerBar moves: a (reactive) CursorPager. */
export type Paging = Pick<CursorPager, 'hasPrevious' | 'previous' | 'next'>

/** The part of a cursor connection that paging reads. */
export interface PagedConnection {
  totalCount: number
  pageInfo: { hasNextPage: boolean; endCursor?: string | null }
}
