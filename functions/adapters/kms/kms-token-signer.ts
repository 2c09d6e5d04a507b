/**
 * The token broker's signing key on KMS (DESIGN.md §6): an ECC_NIST_P256 SIGN_VERIFY key, so the
 * private key never leaves KMS. KMS returns ECDSA signatures DER-encoded; JWS wants the raw
 * r ‖ s form (RFC 7518 §3.4), hence `derToJose`. The public key is fetched once per container.
 */
import { createPublicKey } from 'node:crypto';
import { GetPublicKeyCommand, type KMSClient, SignCommand } from '@aws-sdk/client-kms';
import type { PublicJwk, TokenSigner } from '../../use-cases/exchange-identity-ticket.ts';

/** Reads one DER length at `offset`; returns [length, offset after it]. */
function readLength(der: Uint8Array, offset: number): [number, number] {
  const first = der[offset];
  if (first === undefined) throw new Error('Truncated DER signature');
  if (first < 0x80) return [first, offset + 1];
  const bytes = first & 0x7f;
  if (bytes === 0 || bytes > 2) throw new Error('Unsupported DER length');
  let length = 0;
  for (let i = 1; i <= bytes; i++) length = (length << 8) | (der[offset + i] ?? 0);
  return [length, offset + 1 + bytes];
}

function readInteger(der: Uint8Array, offset: number, size: number): [Uint8Array, number] {
  if (der[offset] !== 0x02) throw new Error('Expected a DER INTEGER');
  const [length, start] = readLength(der, offset + 1);
  let value = der.subarray(start, start + length);
  if (value.length !== length) throw new Error('Truncated DER signature');
  // DER integers are signed: a leading 0x00 keeps a high bit positive; JOSE has fixed-size unsigned.
  while (value.length > size && value[0] === 0) value = value.subarray(1);
  if (value.length > size) throw new Error('DER integer too large');
  const padded = new Uint8Array(size);
  padded.set(value, size - value.length);
  return [padded, start + length];
}

/** ECDSA signature, DER `SEQUENCE { r INTEGER, s INTEGER }` → JOSE `r ‖ s` (`size` bytes each; 32 for P-256). */
export function derToJose(der: Uint8Array, size = 32): Uint8Array {
  if (der[0] !== 0x30) throw new Error('Expected a DER SEQUENCE');
  const [, body] = readLength(der, 1);
  const [r, afterR] = readInteger(der, body, size);
  const [s] = readInteger(der, afterR, size);
  const jose = new Uint8Array(size * 2);
  jose.set(r, 0);
  jose.set(s, size);
  return jose;
}

export class KmsTokenSigner implements TokenSigner {
  private jwk: Promise<PublicJwk> | undefined;

  constructor(
    private readonly client: Pick<KMSClient, 'send'>,
    private readonly keyId: string,
  ) {}

  async sign(signingInput: Uint8Array): Promise<Uint8Array> {
    const result = await this.client.send(
      new SignCommand({
        KeyId: this.keyId,
        Message: signingInput,
        MessageType: 'RAW',
        SigningAlgorithm: 'ECDSA_SHA_256',
      }),
    );
    if (!result.Signature) throw new Error('KMS returned no signature');
    return derToJose(result.Signature);
  }

  publicKey(): Promise<PublicJwk> {
    this.jwk ??= this.fetchPublicKey().catch((error: unknown) => {
      this.jwk = undefined;
      throw error;
    });
    return this.jwk;
  }

  private async fetchPublicKey(): Promise<PublicJwk> {
    const result = await this.client.send(new GetPublicKeyCommand({ KeyId: this.keyId }));
    if (!result.PublicKey) throw new Error('KMS returned no public key');
    const jwk = createPublicKey({ key: Buffer.from(result.PublicKey), format: 'der', type: 'spki' }).export({
      format: 'jwk',
    });
    if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.x || !jwk.y) {
      throw new Error(`Signing key must be ECC_NIST_P256, got ${jwk.kty}/${jwk.crv}`);
    }
    return { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y };
  }
}
