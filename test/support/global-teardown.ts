import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  await globalThis.__TEST_SERVICES__?.stop();
  if (process.env.TEST_RUN_DIR && !process.env.KEEP_TEST_DATA)
    rmSync(process.env.TEST_RUN_DIR, { recursive: true, force: true });
}
