/** Field-level protection of personal information (DESIGN.md §6): encryption plus an HMAC index. */
export interface PiiProtector {
  encrypt(plain: string): Promise<string>;
  decrypt(cipher: string): Promise<string>;
  /** Deterministic lookup key (HMAC-SHA256) of a resident ID number: how bans find a person. */
  lookupKey(idNumber: string): string;
}
