import { ServiceUnavailableError } from '@secai/core';
import type { Intake, RawRecord } from '../pipeline/intake.js';

/**
 * An intake for collector tests: keeps what it accepts in order, and can be made saturated
 * (`accept` rejects with INGEST_SATURATED, `room()` waits until `saturated = false`) or slow
 * (each `accept` takes `delayMs`). `keep: false` only counts (throughput runs).
 */
export class FakeIntake implements Intake {
  readonly records: RawRecord[] = [];
  count = 0;
  calls = 0;
  delayMs = 0;
  keep = true;
  private full = false;
  private waiters: (() => void)[] = [];

  get saturated(): boolean {
    return this.full;
  }

  set saturated(value: boolean) {
    this.full = value;
    if (!value) for (const wake of this.waiters.splice(0)) wake();
  }

  room(): Promise<void> {
    if (!this.full) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  async accept(records: readonly RawRecord[]): Promise<void> {
    if (this.full) throw new ServiceUnavailableError('full', 1, 'INGEST_SATURATED');
    this.calls++;
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    this.count += records.length;
    if (this.keep) this.records.push(...records);
  }

  lines(): string[] {
    return this.records.map((r) => r.line);
  }
}
