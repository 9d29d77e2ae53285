import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

/**
 * `NODE_OPTIONS=--require …/cpu-profile-preload.js` (Node refuses --cpu-prof there): profiles the whole process and
 * writes CPU_PROFILE_DIR/<pid>.cpuprofile when it exits, for Chrome DevTools or a summary script.
 */
const dir = process.env.CPU_PROFILE_DIR ?? process.cwd();
const session = new Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: Number(process.env.CPU_PROFILE_INTERVAL_US ?? 1000) });
session.post('Profiler.start');
process.on('exit', () => {
  session.post('Profiler.stop', (err, result) => {
    if (!err) writeFileSync(join(dir, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
  });
});
