// The quick-order pad: "SKU quantity" lines as people type or paste them (from Excel, a chat, an
// email) read into order lines. Pure, so every way of writing a line is tested on its own.

/** Why a line could not be read; the page words each reason in the reader's language. */
export type LineProblemReason = 'MISSING_SKU' | 'MISSING_QUANTITY' | 'BAD_QUANTITY' | 'ZERO_QUANTITY' | 'TOO_LARGE' | 'TOO_MANY_PARTS'

export interface LineProblem {
  /** 1-based, as the pad numbers its lines. */
  lineNumber: number
  text: string
  reason: LineProblemReason
}

export interface QuickOrderLine {
  sku: string
  quantity: number
  /** Every pasted line that named this SKU (the same SKU twice sums). */
  lineNumbers: number[]
}

export interface QuickOrderParse {
  lines: QuickOrderLine[]
  problems: LineProblem[]
}

/** The server refuses more than this on a line (app/validation.py MAX_QUANTITY). */
export const MAX_QUANTITY = 1_000_000

// Spaces (ASCII, tab from an Excel paste, the full-width 　), commas (ASCII and full-width ，).
const SEPARATORS = /[\s,，\u3000]+/
// A quantity glued to its SKU: HX-001x3, HX-001×3, HX-001*3 (the last x before the digits).
const GLUED = /^(.+?)[xX×*]([0-9０-９]+)$/
const TIMES_TOKEN = /^[xX×*]$/

function halfWidthDigits(text: string): string {
  return text.replace(/[０-９]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xfee0))
}

type Read = { sku: string; quantity: number } | { reason: LineProblemReason }

function readQuantity(raw: string): number | LineProblemReason {
  const text = halfWidthDigits(raw)
  if (!/^\d+$/.test(text)) return 'BAD_QUANTITY'
  const quantity = Number(text)
  if (quantity === 0) return 'ZERO_QUANTITY'
  if (quantity > MAX_QUANTITY) return 'TOO_LARGE'
  return quantity
}

function readLine(text: string): Read {
  let tokens = text.split(SEPARATORS).filter((token) => token !== '')
  if (tokens.length === 1) {
    const glued = GLUED.exec(tokens[0] ?? '')
    if (!glued) return { reason: 'MISSING_QUANTITY' }
    tokens = [glued[1] ?? '', glued[2] ?? '']
  }
  // "SKU x 3": the times sign as a token of its own.
  if (tokens.length === 3 && TIMES_TOKEN.test(tokens[1] ?? '')) tokens = [tokens[0] ?? '', tokens[2] ?? '']
  if (tokens.length !== 2) return { reason: 'TOO_MANY_PARTS' }
  let [sku = '', rawQuantity = ''] = tokens
  // "SKU× 3" and "SKU ×3": a times sign stuck to either side.
  sku = sku.replace(/[×*]$/, '')
  rawQuantity = rawQuantity.replace(/^[xX×*]/, '')
  if (sku === '' || TIMES_TOKEN.test(sku)) return { reason: 'MISSING_SKU' }
  const quantity = readQuantity(rawQuantity)
  return typeof quantity === 'number' ? { sku, quantity } : { reason: quantity }
}

/** Reads the pad: blank lines are skipped, the same SKU twice sums, unreadable lines say why. */
export function parseQuickOrder(text: string): QuickOrderParse {
  const lines: QuickOrderLine[] = []
  const bySku = new Map<string, QuickOrderLine>()
  const problems: LineProblem[] = []
  text.split(/\r\n|\r|\n/).forEach((raw, index) => {
    const lineNumber = index + 1
    const trimmed = raw.trim()
    if (trimmed === '') return
    const read = readLine(trimmed)
    if ('reason' in read) {
      problems.push({ lineNumber, text: trimmed, reason: read.reason })
      return
    }
    const known = bySku.get(read.sku)
    if (known) {
      known.quantity += read.quantity
      known.lineNumbers.push(lineNumber)
      return
    }
    const line = { sku: read.sku, quantity: read.quantity, lineNumbers: [lineNumber] }
    bySku.set(read.sku, line)
    lines.push(line)
  })
  return { lines, problems }
}

/** The pad's text with only the given line numbers kept (the ones that still need fixing). */
export function keepLines(text: string, lineNumbers: ReadonlySet<number>): string {
  return text
    .split(/\r\n|\r|\n/)
    .filter((_line, index) => lineNumbers.has(index + 1))
    .join('\n')
}

/** The index of a userError's line (`lines.3.quantity` → 3), or null when it names no line. */
export function errorLineIndex(fieldKey: string): number | null {
  const match = /^lines\.(\d+)(?:\.|$)/.exec(fieldKey)
  return match ? Number(match[1]) : null
}
