/**
 * The export worker locally (DESIGN.md §4: the platform loop): an archive job runs in this process
 * after the request that queued it has answered, as the S3-triggered function does on AWS, one at a
 * time. `idle()` resolves once every queued job has run (tests, and the platform's stop).
 */
import type { Deps } from '../../functions/ports/deps.ts';
import type { ExportQueue } from '../../functions/ports/documents.ts';
import { runExport } from '../../functions/use-cases/documents/exports.ts';

export class InProcessExportQueue implements ExportQueue {
  private chain: Promise<void> = Promise.resolve();
  private deps: Deps | undefined;

  /** The deps the worker runs with (set once the platform has built them). */
  bind(deps: Deps): void {
    this.deps = deps;
  }

  async enqueue(exportId: string): Promise<void> {
    this.chain = this.chain.then(async () => {
      try {
        if (!this.deps) throw new Error('export queue: no deps bound');
        await runExport(this.deps, exportId);
      } catch (error) {
        console.error('local export worker: job failed', exportId, error);
      }
    });
  }

  idle(): Promise<void> {
    return this.chain;
  }
}
