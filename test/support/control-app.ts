/**
 * The mock as buildApp assembles it, with the journal and fault state handed in, so tests can
 * observe and drive them.
 */
import type { FastifyInstance } from 'fastify';
import { FaultState } from '../../scenarios/faults.js';
import type { Scenario } from '../../scenarios/scenario.js';
import { buildApp } from '../../server/app.js';
import { RequestJournal } from '../../server/request-journal.js';

export interface ControlTestApp {
  readonly app: FastifyInstance;
  readonly journal: RequestJournal;
  readonly faults: FaultState;
}

export interface ControlTestOptions {
  readonly scenario?: Scenario;
  /** The server's seed override. */
  readonly seed?: number;
  readonly faults?: FaultState;
  readonly journal?: RequestJournal;
}

export function buildControlTestApp(options: ControlTestOptions = {}): ControlTestApp {
  const faults = options.faults ?? new FaultState();
  const journal = options.journal ?? new RequestJournal();
  const app = buildApp(
    {
      ...(options.scenario && { scenario: options.scenario.name }),
      ...(options.seed !== undefined && { seed: options.seed }),
    },
    { faults, journal },
  );
  return { app, journal, faults };
}
