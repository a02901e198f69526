// The statement as an Excel file: GET /exports/statements/{account}.xlsx?from&to answers with the
// same bearer token as the API, so the page fetches it and hands the browser the blob to save.
import type { Period } from './period'

export function statementExportUrl(customerAccountId: string, period: Period): string {
  const query = new URLSearchParams({ from: period.from, to: period.to })
  return `/exports/statements/${encodeURIComponent(customerAccountId)}.xlsx?${query.toString()}`
}

/** The name the server suggests (Content-Disposition), else one made from the period. */
export function downloadName(contentDisposition: string | null, period: Period): string {
  const encoded = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(contentDisposition ?? '')?.[1]
  if (encoded) {
    try {
      return decodeURIComponent(encoded.trim())
    } catch {
      // A malformed encoded name: fall back to the plain one.
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(contentDisposition ?? '')?.[1]?.trim()
  return plain || `statement-${period.from}-${period.to}.xlsx`
}

/** Fetches the export and saves it; resolves to the file name, rejects with the server's reason. */
export async function downloadStatement(customerAccountId: string, period: Period, token: string): Promise<string> {
  const response = await fetch(statementExportUrl(customerAccountId, period), { headers: { Authorization: `Bearer ${token}` } })
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { errors?: { message?: string }[] } | null
    throw new Error(body?.errors?.[0]?.message ?? `${response.status} ${response.statusText}`)
  }
  const name = downloadName(response.headers.get('content-disposition'), period)
  const url = URL.createObjectURL(await response.blob())
  const link = document.createElement('a')
  link.href = url
  link.download = name
  document.body.append(link)
  link.click()
  link.remove()
  // The click has handed the blob to the browser; the URL is not needed past this tick.
  setTimeout(() => URL.revokeObjectURL(url), 1_000)
  return name
}
