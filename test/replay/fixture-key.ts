/**
 * The key the replay fixtures' payloads are encrypted with (scripts/record-replay-histories.ts), as a
 * deployment's are with its DATA_ENCRYPTION_KEY. Test-only, like the histories' synthetic data.
 */
import { deriveKeys } from '../../config/encryption';

export const REPLAY_FIXTURE_KEYS = deriveKeys(Buffer.from('replay-fixture-key-not-a-secret!', 'utf8'));
