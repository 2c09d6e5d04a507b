/** Identifier generation is a dependency too, so tests can be deterministic. */
export interface IdGenerator {
  next(prefix: string): string;
}
