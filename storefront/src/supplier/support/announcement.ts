// An announcement as its form edits it and as the API takes it: the window as dates in the form,
// ISO instants on the wire; targets trimmed and each once.

export type AnnouncementKind = 'NEW_PRODUCT' | 'PRICE_CHANGE' | 'PROMOTION' | 'POLICY' | 'OTHER'
export const ANNOUNCEMENT_KINDS: readonly AnnouncementKind[] = ['NEW_PRODUCT', 'PRICE_CHANGE', 'PROMOTION', 'POLICY', 'OTHER']

export interface AnnouncementDraft {
  kind: AnnouncementKind
  title: string
  body: string
  targetTiers: string[]
  targetGroups: string[]
  pinned: boolean
  startsAt: Date | null
  endsAt: Date | null
}

export interface AnnouncementRecord {
  kind: AnnouncementKind
  title: string
  body: string
  targetTiers: readonly string[]
  targetGroups: readonly string[]
  pinned: boolean
  startsAt?: string | null
  endsAt?: string | null
}

export function emptyAnnouncement(): AnnouncementDraft {
  return { kind: 'OTHER', title: '', body: '', targetTiers: [], targetGroups: [], pinned: false, startsAt: null, endsAt: null }
}

export function announcementDraftOf(record: AnnouncementRecord): AnnouncementDraft {
  return {
    kind: record.kind,
    title: record.title,
    body: record.body,
    targetTiers: [...record.targetTiers],
    targetGroups: [...record.targetGroups],
    pinned: record.pinned,
    startsAt: record.startsAt ? new Date(record.startsAt) : null,
    endsAt: record.endsAt ? new Date(record.endsAt) : null,
  }
}

const distinctTrimmed = (values: readonly string[]) => [...new Set(values.map((value) => value.trim()).filter((value) => value !== ''))]

export function announcementInput(draft: AnnouncementDraft) {
  return {
    kind: draft.kind,
    title: draft.title,
    body: draft.body,
    targetTiers: distinctTrimmed(draft.targetTiers),
    targetGroups: distinctTrimmed(draft.targetGroups),
    pinned: draft.pinned,
    startsAt: draft.startsAt?.toISOString() ?? null,
    endsAt: draft.endsAt?.toISOString() ?? null,
  }
}

/** Whom a notice reaches, as the list shows it: every customer, or its tiers and groups. */
export function audience(record: Pick<AnnouncementRecord, 'targetTiers' | 'targetGroups'>, labels: { all: string; tier: string; group: string }): string {
  const parts = [...record.targetTiers.map((tier) => `${labels.tier} ${tier}`), ...record.targetGroups.map((group) => `${labels.group} ${group}`)]
  return parts.length > 0 ? parts.join('、') : labels.all
}
