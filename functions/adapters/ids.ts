/** Time-ordered, collision-resistant identifiers: `{prefix}_{base36 millis}{random}`. */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../ports/clock.ts';
import type { IdGenerator } from '../ports/ids.ts';

export class RandomIdGenerator implements IdGenerator {
  constructor(private readonly clock: Clock) {}

  next(prefix: string): string {
    const time = this.clock.now().getTime().toString(36).padStart(9, '0');
    return `${prefix}_${time}${randomBytes(6).toString('hex')}`;
  }
}
