/**
 * The named points at which tests stop the local platform (infra/local/fault-points.ts implements
 * the hook; nothing on AWS passes one, so the bundles carry only this type). `after-commit`: the
 * route's transaction is durable, nothing else has happened; `before-response-stored`: the
 * response is built, the idempotency record still says in progress; `before-response-sent`: the
 * response is stored for replay but the client never gets it; `in-task`: a flow task committed
 * its work but did not report back to the state machine; `before-delivery`: an outbox item is
 * claimed by the dispatcher but not sent; `after-delivery`: it is sent but not yet marked sent.
 */
export type FaultPoint =
  | 'after-commit'
  | 'before-response-stored'
  | 'before-response-sent'
  | 'in-task'
  | 'before-delivery'
  | 'after-delivery';

/** Called at each point with the key of what is running there (an idempotency record key, a task). */
export type FaultHook = (point: FaultPoint, subject: string) => void;
