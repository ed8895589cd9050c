/**
 * Network faults: a page that is sent but broken on the wire — a reset, a body cut short, a
 * stall after the headers, a dribble, no answer at all, or JSON broken mid-row. One table says
 * what each is called in a scenario rule (`kind`), in `x-mock-fault` and in the journal (its
 * item), and what its one parameter is; the schema, the header parser and the error message
 * are all read from it.
 */

/** The network faults, by the `kind` a scenario rule gives them. */
export const NETWORK_FAULT_KINDS = [
  'connectionReset',
  'truncatedBody',
  'stall',
  'dribble',
  'emptyResponse',
  'malformedBody',
] as const;
export type NetworkFaultKind = (typeof NETWORK_FAULT_KINDS)[number];

/** A network fault with its parameter, as a rule states it or `x-mock-fault` forces it. */
export type NetworkFault =
  | { readonly kind: 'connectionReset'; readonly afterBytes: number }
  | { readonly kind: 'truncatedBody'; readonly afterBytes: number }
  | { readonly kind: 'stall'; readonly ms: number }
  | { readonly kind: 'dribble'; readonly bytesPerSecond: number }
  | { readonly kind: 'emptyResponse' }
  | { readonly kind: 'malformedBody' };

/** The longest stall, and the longest a dribble takes before the rest goes at once. */
export const MAX_NETWORK_FAULT_MS = 60_000;
/** Far past the largest page (about 1.2 MB): a cut further on falls just short of the end. */
export const MAX_FAULT_BYTES = 100_000_000;

/** A fault's one parameter: its member in a rule, its bounds and its unit. */
export interface NetworkFaultParameter {
  readonly member: 'afterBytes' | 'ms' | 'bytesPerSecond';
  readonly minimum: number;
  readonly maximum: number;
  readonly unit: 'bytes' | 'ms' | 'bytes/s';
  readonly description: string;
}

export interface NetworkFaultSpec {
  /** The item `x-mock-fault` takes and the journal records, before any `=<value>`. */
  readonly item: string;
  readonly parameter?: NetworkFaultParameter;
  readonly description: string;
}

const AFTER_BYTES = (what: string): NetworkFaultParameter => ({
  member: 'afterBytes',
  minimum: 0,
  maximum: MAX_FAULT_BYTES,
  unit: 'bytes',
  description: `Bytes of the body sent before ${what}; a body no longer than that is cut one byte short of its end.`,
});

export const NETWORK_FAULTS: Readonly<Record<NetworkFaultKind, NetworkFaultSpec>> = {
  connectionReset: {
    item: 'connection-reset',
    parameter: AFTER_BYTES('the connection is reset (TCP RST)'),
    description:
      'The headers (200, the full Content-Length) and the first `afterBytes` bytes of the body, then a TCP reset (WireMock: CONNECTION_RESET_BY_PEER).',
  },
  truncatedBody: {
    item: 'truncated-body',
    parameter: AFTER_BYTES('the connection is closed'),
    description:
      'The headers (200, the full Content-Length) and the first `afterBytes` bytes of the body, then an orderly close: a body cut short.',
  },
  stall: {
    item: 'stall',
    parameter: {
      member: 'ms',
      minimum: 0,
      maximum: MAX_NETWORK_FAULT_MS,
      unit: 'ms',
      description: 'How long the mock sends nothing after the headers before it closes.',
    },
    description:
      'The headers (200, the full Content-Length), then nothing for `ms` milliseconds, then a close; the client gives up first, or reads a body cut short.',
  },
  dribble: {
    item: 'dribble',
    parameter: {
      member: 'bytesPerSecond',
      minimum: 1,
      maximum: MAX_FAULT_BYTES,
      unit: 'bytes/s',
      description: `The rate the body is sent at; after ${MAX_NETWORK_FAULT_MS} ms the rest goes at once.`,
    },
    description: `The whole page, its body sent at \`bytesPerSecond\` (WireMock: chunked dribble delay), for at most ${MAX_NETWORK_FAULT_MS} ms.`,
  },
  emptyResponse: {
    item: 'empty-response',
    description:
      'No response at all: the connection closes once the request is read (WireMock: EMPTY_RESPONSE).',
  },
  malformedBody: {
    item: 'malformed-body',
    description:
      "A 200 with the page's full length whose JSON breaks off in the middle of a row: from the middle of the page on, every byte is a space.",
  },
};

const ITEM_KINDS: ReadonlyMap<string, NetworkFaultKind> = new Map(
  NETWORK_FAULT_KINDS.map((kind) => [NETWORK_FAULTS[kind].item, kind]),
);
/** `connection-reset=4096`, `empty-response`: a name and, for some, a whole number. */
const ITEM = /^([a-z-]+)(?:=(\d{1,9}))?$/;

/** Whether a rule's kind is a network fault's. */
export function isNetworkFaultKind(kind: string): kind is NetworkFaultKind {
  return (NETWORK_FAULT_KINDS as readonly string[]).includes(kind);
}

/**
 * A fault as `x-mock-fault` and the journal write it.
 *
 * @example
 * networkFaultItem({ kind: 'connectionReset', afterBytes: 4096 }); // 'connection-reset=4096'
 * networkFaultItem({ kind: 'emptyResponse' }); // 'empty-response'
 */
export function networkFaultItem(fault: NetworkFault): string {
  const { item, parameter } = NETWORK_FAULTS[fault.kind];
  if (parameter === undefined) return item;
  return `${item}=${(fault as unknown as Record<string, number>)[parameter.member]}`;
}

/**
 * The fault an `x-mock-fault` item (lower case, trimmed) names; undefined when it names none,
 * or gives a value its fault does not take or out of its bounds.
 *
 * @example
 * parseNetworkFaultItem('stall=5000'); // { kind: 'stall', ms: 5000 }
 * parseNetworkFaultItem('stall'); // undefined: a stall needs its ms
 */
export function parseNetworkFaultItem(item: string): NetworkFault | undefined {
  const parts = ITEM.exec(item);
  if (parts === null) return undefined;
  const kind = ITEM_KINDS.get(parts[1]!);
  if (kind === undefined) return undefined;
  const { parameter } = NETWORK_FAULTS[kind];
  const given = parts[2];
  if (parameter === undefined) return given === undefined ? ({ kind } as NetworkFault) : undefined;
  if (given === undefined) return undefined;
  const value = Number(given);
  if (value < parameter.minimum || value > parameter.maximum) return undefined;
  return { kind, [parameter.member]: value } as unknown as NetworkFault;
}

/** What `x-mock-fault` takes for each network fault, e.g. `connection-reset=<0–100000000 bytes>`. */
export function networkFaultForms(): string[] {
  return NETWORK_FAULT_KINDS.map((kind) => {
    const { item, parameter } = NETWORK_FAULTS[kind];
    if (parameter === undefined) return item;
    return `${item}=<${parameter.minimum}–${parameter.maximum} ${parameter.unit}>`;
  });
}
