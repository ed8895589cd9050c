/**
 * The last requests the mock answered, for tests that assert on what a client sent: method,
 * URL, headers (credentials cut to a recognisable prefix), status, tenant and fault.
 */

export type JournalHeaders = Readonly<Record<string, string | readonly string[]>>;

export interface JournalEntry {
  /** When the request arrived, ISO 8601 in UTC. */
  readonly time: string;
  readonly method: string;
  /** Path and query exactly as sent. */
  readonly url: string;
  readonly headers: JournalHeaders;
  readonly status: number;
  /** The tenant that answered; null when the request never reached a scenario. */
  readonly scenario: string | null;
  readonly seed: number | null;
  /** The faults applied, e.g. `429 (/faults/0)` (see MockContext.fault); null when none. */
  readonly fault: string | null;
  readonly durationMs: number;
}

/** Entries kept by default; past it the oldest go, so a long soak keeps flat memory. */
export const DEFAULT_JOURNAL_CAPACITY = 1000;

/** What a subscriber hears: each entry as it is recorded, and each clearing of the journal. */
export type JournalEvent =
  | { readonly type: 'entry'; readonly entry: JournalEntry }
  | { readonly type: 'clear' };

export type JournalListener = (event: JournalEvent) => void;

/** An entry, or what writes it when it is first read. */
export type JournalRecord = JournalEntry | (() => JournalEntry);

/**
 * A kept record: its entry once written, so that every reader sees the same object. What wrote
 * it is let go then, and with it the request's unredacted headers.
 */
class KeptRecord {
  private entry: JournalEntry | undefined;

  constructor(private record: JournalRecord | undefined) {}

  read(): JournalEntry {
    if (this.entry === undefined) {
      const record = this.record!;
      this.entry = typeof record === 'function' ? record() : record;
      this.record = undefined;
    }
    return this.entry;
  }
}

export class RequestJournal {
  private readonly kept: KeptRecord[] = [];
  private readonly listeners = new Set<JournalListener>();

  constructor(readonly capacity: number = DEFAULT_JOURNAL_CAPACITY) {}

  record(record: JournalRecord): void {
    const kept = new KeptRecord(record);
    this.kept.push(kept);
    // One in, at most one out: a shift per request is cheap at this size.
    if (this.kept.length > this.capacity) this.kept.shift();
    if (this.listeners.size > 0) this.tell({ type: 'entry', entry: kept.read() });
  }

  /**
   * Calls `listener` with every later entry and clearing, until the returned function is called.
   *
   * @example
   * const unsubscribe = journal.subscribe((event) => {
   *   if (event.type === 'entry') console.log(event.entry.status, event.entry.url);
   * });
   * unsubscribe();
   */
  subscribe(listener: JournalListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Oldest first. */
  entries(): readonly JournalEntry[] {
    return this.kept.map((kept) => kept.read());
  }

  clear(): void {
    this.kept.length = 0;
    this.tell({ type: 'clear' });
  }

  private tell(event: JournalEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

/** Headers whose value is a credential; everything else is journalled as sent. */
const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set(['authorization', 'proxy-authorization']);
/** Headers that may carry session secrets and have no scheme to keep: journalled as `…`. */
const SECRET_HEADERS: ReadonlySet<string> = new Set(['cookie']);
/** Characters of a non-JWT credential kept, enough to tell two tokens apart. */
const KEPT_PREFIX_LENGTH = 4;
const ELLIPSIS = '…';
/** header.payload.signature, each base64url; the signature is empty for an unsigned JWT. */
const JWT = /^([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.)[A-Za-z0-9_-]*$/;
const SCHEME_AND_CREDENTIALS = /^(\S+)(\s+)(.*)$/s;
/** IANA's registered HTTP authentication schemes, so that `Bearer` alone reads as a bare scheme. */
const AUTH_SCHEMES: ReadonlySet<string> = new Set([
  'basic',
  'bearer',
  'concealed',
  'digest',
  'dpop',
  'gnap',
  'hoba',
  'mutual',
  'negotiate',
  'oauth',
  'privatetoken',
  'scram-sha-1',
  'scram-sha-256',
  'vapid',
]);

/**
 * A request's headers with the secret part of each credential removed: a JWT keeps its header
 * and payload (who and what it is for) and loses its signature; any other credential keeps
 * its scheme and first four characters; cookies are dropped whole.
 */
export function redactHeaders(
  headers: Readonly<Record<string, string | readonly string[] | undefined>>,
): JournalHeaders {
  const result: Record<string, string | readonly string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const lowerName = name.toLowerCase();
    if (SECRET_HEADERS.has(lowerName)) result[name] = ELLIPSIS;
    else if (!CREDENTIAL_HEADERS.has(lowerName)) result[name] = value;
    else
      result[name] =
        typeof value === 'string' ? redactCredential(value) : value.map(redactCredential);
  }
  return result;
}

/**
 * One credential header's value, redacted: `Bearer <jwt>` → `Bearer <header>.<payload>.…`,
 * `Basic dXNlcjpwYXNz` → `Basic dXNl…`. A bare scheme (`Bearer`) or an empty value has no
 * secret and stays as sent.
 */
export function redactCredential(value: string): string {
  const trimmed = value.trim();
  if (trimmed === '' || AUTH_SCHEMES.has(trimmed.toLowerCase())) return value;
  const parts = SCHEME_AND_CREDENTIALS.exec(trimmed);
  if (parts === null) return redactToken(trimmed);
  return `${parts[1]}${parts[2]}${redactToken(parts[3]!)}`;
}

function redactToken(token: string): string {
  const jwt = JWT.exec(token);
  if (jwt !== null) return `${jwt[1]}${ELLIPSIS}`;
  // A token no longer than the prefix would be kept whole; keep none of it instead.
  if (token.length <= KEPT_PREFIX_LENGTH) return ELLIPSIS;
  return `${token.slice(0, KEPT_PREFIX_LENGTH)}${ELLIPSIS}`;
}
