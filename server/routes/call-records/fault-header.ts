import type { FaultOverride } from '../../../scenarios/faults.js';
import {
  type NetworkFault,
  networkFaultForms,
  parseNetworkFaultItem,
} from '../../../scenarios/network-faults.js';
import { invalidFaultItem } from '../../errors.js';

/**
 * `x-mock-fault`: a comma-separated list of `429`, `503`, `504`, `latency=<ms>`, a network
 * fault (`connection-reset=<bytes>`, `truncated-body=<bytes>`, `stall=<ms>`,
 * `dribble=<bytes/s>`, `empty-response`, `malformed-body`), or `none` (this request meets none
 * of the scenario's faults). Of several statuses, or several network faults, the last counts.
 */
export const FAULT_HEADER = 'x-mock-fault';
const MAX_LATENCY_MS = 60_000;
const LATENCY = /^latency=(\d{1,5})$/;
const NO_OVERRIDE: FaultOverride = {
  none: false,
  status: undefined,
  latencyMs: undefined,
  network: undefined,
};
/** Every form the header takes, for the sentence that answers a wrong one. */
const FORMS = [
  '429',
  '503',
  '504',
  `latency=<0–${MAX_LATENCY_MS} ms>`,
  ...networkFaultForms(),
] as const;

export function parseFaultHeader(value: string | string[] | undefined): FaultOverride {
  if (value === undefined) return NO_OVERRIDE;
  let none = false;
  let status: FaultOverride['status'];
  let latencyMs: number | undefined;
  let network: NetworkFault | undefined;
  for (const part of (Array.isArray(value) ? value.join(',') : value).split(',')) {
    const item = part.trim().toLowerCase();
    const latency = LATENCY.exec(item);
    const networkFault = parseNetworkFaultItem(item);
    if (item === 'none') none = true;
    else if (item === '429' || item === '503' || item === '504')
      status = Number(item) as 429 | 503 | 504;
    else if (latency && Number(latency[1]) <= MAX_LATENCY_MS) latencyMs = Number(latency[1]);
    else if (networkFault !== undefined) network = networkFault;
    else {
      throw invalidFaultItem(FAULT_HEADER, part.trim(), FORMS);
    }
  }
  return { none, status, latencyMs, network };
}
