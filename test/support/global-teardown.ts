import { rmSync } from 'node:fs';
import { scanForResidentIds } from './personal-data-scan';

/**
 * Stops the services, then checks that no resident ID number reached the logs of the whole run or the
 * raw files of FerretDB and the Temporal dev server (personal data is sealed before it is stored).
 */
export default async function globalTeardown(): Promise<void> {
  await globalThis.__TEST_SERVICES__?.stop();
  const dir = process.env.TEST_RUN_DIR;
  if (!dir) return;
  const hits = globalThis.__TEST_SERVICES__ ? scanForResidentIds(dir) : [];
  if (!process.env.KEEP_TEST_DATA && hits.length === 0) rmSync(dir, { recursive: true, force: true });
  if (hits.length > 0) {
    throw new Error(
      `resident ID numbers found in plain text (data kept in ${dir}):\n${hits.map((h) => `  ${h.file}: ${h.ids.join(', ')}`).join('\n')}`,
    );
  }
  process.stderr.write('[test] no resident ID number in the logs, the FerretDB files or the Temporal store\n');
}
