/** Today's date in China (UTC+8, no summer time), `offsetDays` from now: what a form's date field holds. */
export const shanghaiToday = (offsetDays = 0): string =>
  new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
