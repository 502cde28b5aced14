/**
 * What a deadline shows (console.md "Showing a deadline"): colour and icon and text, from the server's
 * view of the deadline and the server-corrected clock only (no stale flags of our own).
 */
import { dayInfo, legacyCalendar } from '../../../domain/calendar';
import { addDays, shanghaiDate } from '../../../domain/civil-date';

export type Tone = 'green' | 'amber' | 'red' | 'done' | 'closed' | 'cancelled';
export type DeadlineIcon = 'clock' | 'warning' | 'pause' | 'check' | 'stop' | 'cancelled';

/** A deadline as the API sends it (kind, status and unit are the domain's enums; strings for a newer API). */
export interface DeadlineLike {
  kind: string;
  status: string;
  unit: string;
  dueDate: string;
  dueAt: string;
  warnAt: string;
}

/** The text to show, as a message key and its values (the caller translates). */
export type DeadlineText =
  | { key: 'left' | 'dueSoon' | 'overdueBy' | 'pausedLeft'; ms: number }
  | { key: 'workingDaysLeft'; n: number }
  | { key: 'metOnTime' | 'windowClosed' | 'cancelled' };

export interface DeadlineDisplay {
  tone: Tone;
  icon: DeadlineIcon;
  text: DeadlineText;
  /** A breach's effect is shown beside it. */
  breached: boolean;
  paused: boolean;
}

/** `running` by the server, but the local (server-corrected) clock is the one that counts down. */
function runningTone(d: DeadlineLike, at: number): 'green' | 'amber' | 'red' {
  if (at >= Date.parse(d.dueAt)) return 'red';
  if (at >= Date.parse(d.warnAt)) return 'amber';
  return 'green';
}

/**
 * Whole working days after today (Asia/Shanghai) up to and including the due date, by the bundled
 * official calendar: on the day a 3-working-day period starts, 3. Null when the calendar holds no data
 * for those years.
 */
export function workingDaysLeft(dueDate: string, now: number): number | null {
  try {
    const calendar = legacyCalendar();
    let day = addDays(shanghaiDate(now), 1);
    let n = 0;
    for (let i = 0; day <= dueDate && i < 400; i++, day = addDays(day, 1)) {
      if (dayInfo(calendar, day).working) n++;
    }
    return n;
  } catch {
    return null;
  }
}

export function describeDeadline(d: DeadlineLike, now: number, pausedSince: string | null): DeadlineDisplay {
  const dueAt = Date.parse(d.dueAt);
  switch (d.status) {
    case 'running': {
      const tone = runningTone(d, now);
      if (tone === 'red')
        return { tone, icon: 'warning', text: { key: 'overdueBy', ms: now - dueAt }, breached: true, paused: false };
      if (tone === 'amber')
        return { tone, icon: 'clock', text: { key: 'dueSoon', ms: dueAt - now }, breached: false, paused: false };
      const n = d.unit === 'working_days' ? workingDaysLeft(d.dueDate, now) : null;
      return {
        tone,
        icon: 'clock',
        // On the last day itself, hours say more than "0 working days".
        text: n !== null && n > 0 ? { key: 'workingDaysLeft', n } : { key: 'left', ms: dueAt - now },
        breached: false,
        paused: false,
      };
    }
    case 'paused': {
      // Frozen at the moment of the pause, in the colour it had then.
      const at = pausedSince ? Date.parse(pausedSince) : now;
      const tone = runningTone(d, at);
      return {
        tone,
        icon: 'pause',
        text: tone === 'red' ? { key: 'overdueBy', ms: at - dueAt } : { key: 'pausedLeft', ms: dueAt - at },
        breached: tone === 'red',
        paused: true,
      };
    }
    case 'breached':
      return {
        tone: 'red',
        icon: 'warning',
        text: { key: 'overdueBy', ms: Math.max(0, now - dueAt) },
        breached: true,
        paused: false,
      };
    case 'met':
      return { tone: 'done', icon: 'check', text: { key: 'metOnTime' }, breached: false, paused: false };
    case 'expired':
      return { tone: 'closed', icon: 'stop', text: { key: 'windowClosed' }, breached: false, paused: false };
    default:
      return { tone: 'cancelled', icon: 'cancelled', text: { key: 'cancelled' }, breached: false, paused: false };
  }
}

/** At most two units of human time (Jira): 2 天 5 小时, 5 小时 12 分, 12 分. */
export function humanSpan(ms: number): Array<{ unit: 'day' | 'hour' | 'minute'; count: number }> {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0)
    return hours > 0
      ? [
          { unit: 'day', count: days },
          { unit: 'hour', count: hours },
        ]
      : [{ unit: 'day', count: days }];
  if (hours > 0)
    return mins > 0
      ? [
          { unit: 'hour', count: hours },
          { unit: 'minute', count: mins },
        ]
      : [{ unit: 'hour', count: hours }];
  return mins > 0 ? [{ unit: 'minute', count: mins }] : [];
}

/** The deadline a queue row shows: the running one due first, else a paused or breached one. */
export function headlineDeadline<D extends DeadlineLike>(deadlines: readonly D[]): D | null {
  const by = (status: string) =>
    deadlines.filter((d) => d.status === status).sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
  return by('running') ?? by('paused') ?? by('breached') ?? null;
}
