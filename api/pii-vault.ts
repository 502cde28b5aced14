/**
 * Seals personal data at the API edge (PIPL Art. 28; domain.md "Case data"): resident ID numbers and
 * phones become `{ ciphertext, hash, masked }` before anything reaches Temporal or MongoDB. Only the
 * owning unit gets the plain value back, decrypted when its response is made.
 */
import { createHmac } from 'node:crypto';
import type { SealedValue } from '../domain/case-types';
import { maskPhone, maskResidentId } from '../domain/resident-id';
import { aesGcmDecrypt, aesGcmEncrypt, type DerivedKeys } from '../config/encryption';

export type SensitiveKind = 'idNumber' | 'phone';

export class PiiVault {
  constructor(private readonly keys: DerivedKeys) {}

  private normalize(kind: SensitiveKind, value: string): string {
    return kind === 'idNumber' ? value.trim().toUpperCase() : value.replace(/[\s-]/g, '');
  }

  /** Keyed hash for exact lookup: equal values give equal hashes; without the key it reveals nothing. */
  lookupHash(kind: SensitiveKind, value: string): string {
    return createHmac('sha256', this.keys.lookup)
      .update(`${kind}:${this.normalize(kind, value)}`)
      .digest('hex');
  }

  seal(kind: SensitiveKind, value: string): SealedValue {
    const plain = this.normalize(kind, value);
    return {
      ciphertext: aesGcmEncrypt(this.keys.pii, Buffer.from(plain, 'utf8')).toString('base64'),
      hash: this.lookupHash(kind, plain),
      masked: kind === 'idNumber' ? maskResidentId(plain) : maskPhone(plain),
    };
  }

  open(sealed: SealedValue): string {
    return aesGcmDecrypt(this.keys.pii, Buffer.from(sealed.ciphertext, 'base64')).toString('utf8');
  }
}
