import { readdirSync, readFileSync } from 'node:fs';

/** CPU time (user + system) a process has used so far, in seconds (Linux /proc); NaN once it is gone. */
export function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces: count the fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime and stime, fields 14 and 15
    return ticks / 100; // USER_HZ is 100 on Linux
  } catch {
    return NaN;
  }
}

/** CPU seconds used so far by every process whose command name is `name` (e.g. all of PostgreSQL's, all Redis's). */
export function cpuSecondsOfNamed(name: string): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== name) continue;
    } catch {
      continue; // gone meanwhile
    }
    const s = cpuSecondsOf(Number(entry));
    if (Number.isFinite(s)) total += s;
  }
  return total;
}
