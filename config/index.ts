/**
 * Configuration, parsed from the environment once, at start, with zod. Nothing else reads
 * `process.env`. Unset TEMPORAL_ADDRESS / MONGODB_URI mean "start the embedded services".
 */
import path from 'node:path';
import { z } from 'zod';

// config/ sits at the project root in source and under dist/ once built.
const configParent = path.resolve(__dirname, '..');
const PROJECT_ROOT = path.basename(configParent) === 'dist' ? path.dirname(configParent) : configParent;
export const DEV_JWT_SECRET = 'dev-only-secret-change-me-0123456789abcdef';
/** Dev-only master key (base64 of 32 bytes); production must set DATA_ENCRYPTION_KEY. */
export const DEV_DATA_KEY = Buffer.from('dev-only-data-key-never-in-prod!').toString('base64');

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Serve `GET /metrics` on this port instead of PORT (to keep it off the public port). */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** The worker's Temporal SDK metrics (Prometheus, `GET /metrics`) on this port, all interfaces; unset: off. */
  WORKER_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  AUTH_JWT_SECRET: z.string().min(32, 'AUTH_JWT_SECRET must be at least 32 characters').optional(),
  DATA_ENCRYPTION_KEY: z
    .string()
    .refine((s) => Buffer.from(s, 'base64').length === 32, 'DATA_ENCRYPTION_KEY must be 32 bytes, base64-encoded')
    .optional(),
  /** Origins allowed to call the codec endpoint (the Temporal Web UI), comma-separated; by default the
   * embedded dev server's UI, on TEMPORAL_PORT + 1000 (scripts/services/local-services.ts). */
  CODEC_CORS_ORIGINS: z.string().optional(),
  DATA_DIR: z.string().default(path.join(PROJECT_ROOT, '.data')),
  TEMPORAL_ADDRESS: z.string().min(1).optional(),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('dispute-cases'),
  TEMPORAL_PORT: z.coerce.number().int().default(7233),
  MONGODB_URI: z.string().min(1).optional(),
  MONGODB_PORT: z.coerce.number().int().default(27017),
  ORG_UNITS_FILE: z.string().default(path.join(PROJECT_ROOT, 'db', 'seed', 'ningde-org-units.json')),
  CASE_NO_PREFIX: z
    .string()
    .regex(/^[A-Z]{1,8}$/)
    .default('ND'),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  BODY_LIMIT: z.string().default('100kb'),
  /** Activities a worker runs at once. FerretDB (SQLite, one writer) livelocks under ~100 concurrent
   * writers; 16 keeps it busy without that. Raise it against a real MongoDB. */
  WORKER_ACTIVITY_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(16),
  /** Case workflows a worker keeps in memory between their tasks (unset: the SDK's default, from the heap
   * limit: ~2,300 with a 4 GB heap). A case not held is replayed from its history when its next timer or
   * action comes. Each takes ~0.4–0.6 MB of heap (docs/benchmarks.md): raise `--max-old-space-size` with it. */
  WORKER_CACHED_WORKFLOWS: z.coerce.number().int().min(2).max(1_000_000).optional(),
  /** Requests per user per minute before 429 (0 turns the limit off). */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(600),
  /** The session cookie's `Secure` flag: auto = Secure except over plain http on localhost; `never` only
   * for a trusted LAN without TLS (browsers drop a Secure cookie sent over http). */
  /** Days kept: read notifications, dispatched outbox rows, sent deliveries, idempotency records. */
  RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** How often the clean-up schedule runs (Temporal Schedule `clean-up`). */
  CLEANUP_EVERY_MINUTES: z.coerce.number().int().min(1).max(10080).default(60),
  COOKIE_SECURE: z.enum(['auto', 'always', 'never']).default('auto'),
  /** A workflow bundle made by `npm run build:workflows`; without it the worker bundles at start. */
  WORKFLOW_BUNDLE_PATH: z.string().optional(),
  /** A county's deadline policy (config/policy-file.ts); without it new cases get the bundled policy. */
  DEADLINE_POLICY_FILE: z.string().min(1).optional(),
});

export type Config = Omit<z.infer<typeof schema>, 'AUTH_JWT_SECRET' | 'DATA_ENCRYPTION_KEY' | 'CODEC_CORS_ORIGINS'> & {
  AUTH_JWT_SECRET: string;
  CODEC_CORS_ORIGINS: string;
  usingDevSecret: boolean;
  DATA_ENCRYPTION_KEY: Buffer;
  usingDevDataKey: boolean;
};

export class ConfigError extends Error {
  readonly code = 'config_invalid';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const usingDevSecret = parsed.data.AUTH_JWT_SECRET === undefined;
  if (usingDevSecret && parsed.data.NODE_ENV === 'production')
    throw new ConfigError('AUTH_JWT_SECRET is required in production');
  const usingDevDataKey = parsed.data.DATA_ENCRYPTION_KEY === undefined;
  if (usingDevDataKey && parsed.data.NODE_ENV === 'production') {
    throw new ConfigError('DATA_ENCRYPTION_KEY is required in production');
  }
  const uiPort = parsed.data.TEMPORAL_PORT + 1000;
  return {
    ...parsed.data,
    CODEC_CORS_ORIGINS: parsed.data.CODEC_CORS_ORIGINS ?? `http://127.0.0.1:${uiPort},http://localhost:${uiPort}`,
    AUTH_JWT_SECRET: parsed.data.AUTH_JWT_SECRET ?? DEV_JWT_SECRET,
    usingDevSecret,
    DATA_ENCRYPTION_KEY: Buffer.from(parsed.data.DATA_ENCRYPTION_KEY ?? DEV_DATA_KEY, 'base64'),
    usingDevDataKey,
  };
}
