import { createHash, randomBytes } from 'node:crypto';

/** An opaque secret for a client to hold (refresh token, API key): 32 random bytes. */
export const newSecret = () => randomBytes(32).toString('base64url');

/** What is stored of a secret: its SHA-256. The secret has 256 bits, so no slow hash is needed. */
export const secretHash = (secret: string) => createHash('sha256').update(secret).digest('base64url');
