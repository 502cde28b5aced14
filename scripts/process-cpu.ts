/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat, for the benchmarks. */
import { readFileSync } from 'node:fs';

/** Linux's USER_HZ (`getconf CLK_TCK`), 100 on every architecture Node runs on. */
const CLOCK_TICKS = 100;

/** Null where it cannot be read (no such process, no /proc). */
export function cpuSecondsOf(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    // After "pid (comm) ", field 3 (state) is at index 0: utime (14) and stime (15) at 11 and 12.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}
