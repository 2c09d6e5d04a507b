/**
 * The local dispatcher (DESIGN.md §3 "Notifications"; on AWS: the stream-fed Lambda): the platform
 * loop that delivers the outbox. A commit that writes a delivery kicks it at once (the response
 * does not wait for it); a timer and every clock move run it for retries that fell due; and on
 * start it takes over the deliveries a killed process left claimed (one process serves everything
 * locally, so a claim still held at start belongs to a process that died, as with
 * abandoned-claims.ts).
 */
import type { Deps } from '../../functions/ports/deps.ts';
import type { DeliveryChannels } from '../../functions/ports/notification-channels.ts';
import type { Store, UnitOfWork } from '../../functions/ports/store.ts';
import type { FaultHook } from '../../functions/shared/fault-hook.ts';
import { logger } from '../../functions/shared/logger.ts';
import { type DispatchOptions, dispatchDue } from '../../functions/use-cases/notifications/dispatch.ts';

/** Later than any instant the platform will show: the whole due index. */
const END_OF_TIME = '9999-12-31T23:59:59.999Z';

export interface OutboxLoopOptions {
  deps: Pick<Deps, 'store' | 'clock' | 'pii'>;
  channels: DeliveryChannels;
  faultPoint?: FaultHook;
  policy?: DispatchOptions['policy'];
}

export class OutboxLoop {
  private running: Promise<void> = Promise.resolve();
  private pending = false;
  private next: Date | undefined;
  private stopped = false;

  constructor(private readonly options: OutboxLoopOptions) {}

  /** A store whose commits kick the loop when they write a new delivery. */
  watch(store: Store): Store {
    return new Proxy(store, {
      get: (target, property) => {
        if (property === 'commit') {
          return async (unit: UnitOfWork) => {
            await target.commit(unit);
            if (unit.changes.some((c) => c.entity.type === 'delivery' && c.entity.record.version === 0))
              this.kick();
          };
        }
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }

  /** Runs the loop soon, without waiting for it. */
  kick(): void {
    void this.run().catch((error: unknown) =>
      logger.error('local outbox: dispatch failed', { error: error as Error }),
    );
  }

  /** Delivers everything due now; resolves when this (and any run it joined) is done. */
  run(options: { takeOverClaims?: boolean } = {}): Promise<void> {
    if (this.stopped) return this.running;
    if (this.pending && !options.takeOverClaims) return this.running;
    this.pending = true;
    this.running = this.running.then(async () => {
      this.pending = false;
      if (this.stopped) return;
      try {
        await dispatchDue(this.options.deps, this.options.channels, {
          ...(this.options.faultPoint ? { faultPoint: this.options.faultPoint } : {}),
          ...(this.options.policy ? { policy: this.options.policy } : {}),
          ...(options.takeOverClaims ? { takeOverClaims: true } : {}),
          onOutcome: (delivery, outcome, error) => {
            if (outcome === 'retry' || outcome === 'failed')
              logger.warn('local outbox: delivery not sent', {
                messageId: delivery.messageId,
                kind: delivery.kind,
                channel: delivery.channel,
                to: delivery.toMasked,
                attempts: delivery.attempts,
                outcome,
                error,
              });
          },
        });
        await this.refreshNextDue();
      } catch (error) {
        logger.error('local outbox: dispatch failed', { error: error as Error });
      }
    });
    return this.running;
  }

  /** The earliest retry still to come (the clock stops there when it jumps). */
  nextDueAt(): Date | undefined {
    return this.next;
  }

  private async refreshNextDue(): Promise<void> {
    const now = this.options.deps.clock.now().toISOString();
    const waiting = await this.options.deps.store.listDeliveriesDue(END_OF_TIME);
    const later = waiting
      .map((d) => (d.status === 'pending' ? d.nextAttemptAt : d.leaseUntil))
      .filter((at): at is string => at !== undefined && at > now)
      .sort();
    this.next = later[0] === undefined ? undefined : new Date(later[0]);
  }

  /** Stops taking new runs; resolves when the current one is done. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }
}
