/**
 * The server's clock as seen from this PC: county PCs are often minutes (or years) off, so countdowns
 * use the skew between the `Date` header of the latest response and the local clock (console.md
 * "Showing a deadline"). The header has one-second resolution, which is plenty for a countdown.
 */
let skewMs = 0;
const listeners = new Set<() => void>();

export function recordServerDate(dateHeader: string | null, receivedAt: number = Date.now()): void {
  if (!dateHeader) return;
  const server = Date.parse(dateHeader);
  if (Number.isNaN(server)) return;
  const next = server - receivedAt;
  // Ignore sub-second jitter: the header is truncated to whole seconds.
  if (Math.abs(next - skewMs) < 1500) return;
  skewMs = next;
  for (const l of listeners) l();
}

/** Now, by the server's clock. */
export function serverNow(): number {
  return Date.now() + skewMs;
}

export function serverSkewMs(): number {
  return skewMs;
}

export function onSkewChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
