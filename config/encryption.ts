/**
 * Encryption keys and the Temporal payload codec. One master key (DATA_ENCRYPTION_KEY, 32 bytes)
 * gives, through HKDF, a key for Temporal payloads, a key for sealing personal data and a key for
 * the keyed lookup hash. AES-256-GCM from Node's crypto.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

export interface DerivedKeys {
  /** The master key itself (to hand to a child process in tests). */
  master: Buffer;
  /** Short public id of the master key, recorded with each encrypted payload. */
  keyId: string;
  payload: Buffer;
  pii: Buffer;
  lookup: Buffer;
}

export function deriveKeys(master: Buffer): DerivedKeys {
  if (master.length !== 32) throw new Error('DATA_ENCRYPTION_KEY must be 32 bytes (base64)');
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), info, 32));
  return {
    master,
    keyId: createHash('sha256').update(master).digest('hex').slice(0, 12),
    payload: derive('mediation/temporal-payloads'),
    pii: derive('mediation/personal-data'),
    lookup: derive('mediation/lookup-hash'),
  };
}

/** iv (12) ‖ tag (16) ‖ ciphertext */
export function aesGcmEncrypt(key: Buffer, plain: Uint8Array): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

export function aesGcmDecrypt(key: Buffer, sealed: Uint8Array): Buffer {
  const buf = Buffer.from(sealed);
  const decipher = createDecipheriv('aes-256-gcm', key, buf.subarray(0, 12));
  decipher.setAuthTag(buf.subarray(12, 28));
  return Buffer.concat([decipher.update(buf.subarray(28)), decipher.final()]);
}

const ENCODING = 'binary/encrypted';
const utf8 = (s: string) => new TextEncoder().encode(s);

/** Encrypts every Temporal payload (workflow inputs, update arguments, activity inputs, results). */
export class EncryptionCodec implements PayloadCodec {
  constructor(private readonly keys: DerivedKeys) {}

  encode(payloads: Payload[]): Promise<Payload[]> {
    return Promise.resolve(
      payloads.map((p) => ({
        metadata: { encoding: utf8(ENCODING), 'encryption-key-id': utf8(this.keys.keyId) },
        data: aesGcmEncrypt(this.keys.payload, temporal.api.common.v1.Payload.encode(p).finish()),
      })),
    );
  }

  decode(payloads: Payload[]): Promise<Payload[]> {
    return Promise.resolve(
      payloads.map((p) => {
        const encoding = p.metadata?.encoding ? new TextDecoder().decode(p.metadata.encoding) : '';
        // Payloads written before encryption was enabled pass through unchanged.
        if (encoding !== ENCODING || !p.data) return p;
        return temporal.api.common.v1.Payload.decode(aesGcmDecrypt(this.keys.payload, p.data));
      }),
    );
  }
}

export function dataConverterFor(keys: DerivedKeys): DataConverter {
  return { payloadCodecs: [new EncryptionCodec(keys)] };
}
