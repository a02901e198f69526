// The statement as a file: the server serves it at GET /exports/statements/{account}.{xlsx|csv}
// with the same bearer token as the API, so the browser fetches it and saves the blob itself.
import type { Period } from './period'

export type StatementFormat = 'xlsx' | 'csv'

export function statementExportUrl(customerAccountId: string, period: Period, format: StatementFormat): string {
  const query = new URLSearchParams({ from: period.from, to: period.to })
  return `/exports/statements/${encodeURIComponent(customerAccountId)}.${format}?${query.toString()}`
}

/** The file name the server suggests (Content-Disposition), else one made from the period. */
export function downloadName(contentDisposition: string | null, period: Period, format: StatementFormat): string {
  return suggestedName(contentDisposition, `statement-${period.from}-${period.to}.${format}`)
}

/** The file name of a Content-Disposition header (filename* first), else the fallback. */
export function suggestedName(contentDisposition: string | null, fallback: string): string {
  const encoded = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(contentDisposition ?? '')?.[1]
  if (encoded) {
    try {
      return decodeURIComponent(encoded.trim())
    } catch {
      // A malformed encoded name: fall back to the plain one.
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(contentDisposition ?? '')?.[1]?.trim()
  return plain || fallback
}

export class DownloadError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

/** Fetches the export with the session's token and hands the browser the file to save. */
export async function downloadStatement(customerAccountId: string, period: Period, format: StatementFormat, token: string): Promise<string> {
  return downloadExport(statementExportUrl(customerAccountId, period, format), token, `statement-${period.from}-${period.to}.${format}`)
}

/** Any file the server exports under /exports/ with the API's bearer token: fetched, then saved by the browser
 * under the name the server suggests, else `fallbackName`. */
export async function downloadExport(url: string, token: string, fallbackName: string): Promise<string> {
  const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } })
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { errors?: { message?: string }[] } | null
    throw new DownloadError(response.status, body?.errors?.[0]?.message ?? response.statusText)
  }
  const name = suggestedName(response.headers.get('content-disposition'), fallbackName)
  const blobUrl = URL.createObjectURL(await response.blob())
  const link = document.createElement('a')
  link.href = blobUrl
  link.download = name
  document.body.append(link)
  link.click()
  link.remove()
  // The click has handed the blob to the browser's download; the URL is no longer needed.
  setTimeout(() => URL.revokeObjectURL(blobUrl), 1_000)
  return name
}
