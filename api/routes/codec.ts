/**
 * Codec endpoint for the Temporal Web UI (https://docs.temporal.io/production-deployment/data-encryption):
 * the UI posts encrypted payloads, we answer them decoded. Point the UI at `<API>/codec` (the dev server
 * is started with `--ui-codec-endpoint`). Auditors and admins only; in dev (no AUTH_JWT_SECRET) the
 * local UI, which has no sign-in and so no token to pass, may call it without one: from this machine and
 * from one of its origins only.
 */
import { Router, type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import type { Payload } from '@temporalio/common';
import { EncryptionCodec, type DerivedKeys } from '../../config/encryption';
import { authenticate } from '../auth';
import { AppError } from '../errors';
import { requireJsonBody } from '../request-shape';
import { parse } from '../validate';

/** What the Temporal UI posts (and gets back): payloads with base64 metadata values and data. */
export const codecBodySchema = z.object({
  payloads: z.array(z.object({ metadata: z.record(z.string(), z.string()).optional(), data: z.string().optional() })),
});

interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

const fromJson = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data ?? '', 'base64'),
});

const toJson = (p: Payload): JsonPayload => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
  ),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

export interface CodecOptions {
  keys: DerivedKeys;
  corsOrigins: string[];
  allowAnonymous?: boolean;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export function codecRoutes(opts: CodecOptions & { jwtSecret: string; knowsOrg: (org: string) => boolean }): Router {
  const router = Router();
  const codec = new EncryptionCodec(opts.keys);
  const cors: RequestHandler = (req, res, next) => {
    const origin = req.headers.origin;
    if (origin && opts.corsOrigins.includes(origin)) {
      res.set({
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Allow-Methods': 'POST, OPTIONS',
        'Access-Control-Allow-Headers': 'Content-Type, Authorization, X-Namespace',
        'Access-Control-Allow-Credentials': 'true',
        Vary: 'Origin',
      });
    }
    if (req.method === 'OPTIONS') {
      res.sendStatus(204);
      return;
    }
    next();
  };
  const auth = authenticate(opts.jwtSecret, { knowsOrg: opts.knowsOrg });
  const localUi = (req: Request): boolean =>
    opts.allowAnonymous === true &&
    opts.corsOrigins.includes(req.headers.origin ?? '') &&
    LOOPBACK.has(req.socket.remoteAddress ?? '');
  const guard: RequestHandler = (req, res, next) => {
    if (!req.headers.authorization && localUi(req)) return next();
    auth(req, res, (err?: unknown) => {
      if (err) return next(err);
      if (req.caller?.role !== 'auditor' && req.caller?.role !== 'admin')
        return next(new AppError('forbidden', 'the codec is for auditors and admins'));
      next();
    });
  };
  const handle =
    (direction: 'encode' | 'decode'): RequestHandler =>
    async (req, res) => {
      const body = parse(codecBodySchema, req.body, 'request body');
      const out = await Promise.all(body.payloads.map((p, i) => convert(direction, fromJson(p), i)));
      res.json({ payloads: out.map(toJson) });
    };
  /** One payload, so a payload the codec cannot read is named (400) rather than failing the request (500). */
  async function convert(direction: 'encode' | 'decode', payload: Payload, i: number): Promise<Payload> {
    try {
      const [out] = await codec[direction]([payload]);
      return out!;
    } catch {
      // The cipher's own words name no field and may say too much.
      throw new AppError('validation_failed', `payload ${i} cannot be ${direction}d`, [
        { path: `payloads.${i}`, message: 'not a payload this codec wrote (another key, or damaged)' },
      ]);
    }
  }
  router.use(cors);
  router.use(requireJsonBody());
  router.post('/encode', guard, handle('encode'));
  router.post('/decode', guard, handle('decode'));
  return router;
}
