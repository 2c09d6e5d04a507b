/**
 * Field-level protection of ID and phone numbers (DESIGN.md §6, MLPS level 3): AES-256-GCM with a
 * data key, and an HMAC-SHA256 lookup index so bans can find a person without storing the number.
 * On AWS the two keys arrive encrypted under the KMS key and are decrypted once per cold start;
 * locally they live in `.data/keys`.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { hashIdNumber } from '../../domain/identifiers.ts';
import type { PiiProtector } from '../../ports/pii.ts';

const FORMAT = 'v1';

export class AesGcmPiiProtector implements PiiProtector {
  constructor(
    private readonly encryptionKey: Buffer,
    private readonly hmacKey: Buffer,
  ) {
    if (encryptionKey.length !== 32) throw new Error('PII encryption key must be 32 bytes');
    if (hmacKey.length < 32) throw new Error('PII HMAC key must be at least 32 bytes');
  }

  async encrypt(plain: string): Promise<string> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [FORMAT, iv.toString('base64url'), tag.toString('base64url'), body.toString('base64url')].join(
      '.',
    );
  }

  async decrypt(sealed: string): Promise<string> {
    const [format, iv, tag, body] = sealed.split('.');
    if (format !== FORMAT || !iv || !tag || body === undefined)
      throw new Error('Unrecognised PII cipher text');
    const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }

  lookupKey(idNumber: string): string {
    return hashIdNumber(idNumber, this.hmacKey);
  }
}
