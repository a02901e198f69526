// A fresh idempotency key for one checkout attempt. randomUUID only exists in secure contexts
// (https, localhost); a plain-http intranet install gets the same 122 random bits another way.
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
}
