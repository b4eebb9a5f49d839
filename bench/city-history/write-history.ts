import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database, NewCaseRow } from '../../schema/database';
import type { CaseEvent } from '../../schema/events';
import { caseRow } from '../../store/case-row';
import type { SimulatedCase } from './simulate-case';

/**
 * Writes generated cases: `case_events` rows as the append activity writes them (recorded_at =
 * occurred_at, so projector lag figures stay sane; tx_id and position from their defaults) and
 * the `cases` row exactly as `caseRow(state)` builds it. Not case_metrics nor projections: the
 * projector's rebuild fills those, and its time is measured on its own. The generated
 * `search_grams` column is left to the database.
 */

const EVENT_COLUMNS = ['case_id', 'seq', 'event_id', 'type', 'data', 'actor', 'occurred_at', 'recorded_at'] as const;
const CASE_COLUMNS = [
  'id', 'version', 'status', 'title', 'description', 'jurisdiction_id', 'category_id', 'department_id', 'urgency', 'channel',
  'escalation_level', 'overdue', 'next_due_at', 'reopen_count', 'outcome', 'policy_version', 'created_at', 'updated_at',
  'closed_at', 'backlog_at', 'duplicate_of', 'state',
] as const satisfies readonly (keyof NewCaseRow)[];

/** One batch in COPY's text format, encoded where it was simulated (a worker thread). */
export interface EncodedBatch {
  cases: number;
  events: number;
  /** Planned actions the decider refused (see SimulatedCase.refused). */
  refused: number;
  eventsCopy: string;
  casesCopy: string;
}

// COPY text format: tab-separated, \N for null, and backslash, tab, newline and carriage return escaped.
const SPECIAL = /[\\\t\n\r]/;
const escape = (s: string): string =>
  SPECIAL.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : s;

function field(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return String(v);
  return escape(String(v));
}

// JSON.stringify leaves no raw control characters: only backslashes need doubling.
const escapeJson = (s: string): string => (s.includes('\\') ? s.replace(/\\/g, '\\\\') : s);

/**
 * JSON of objects that many events share by reference (the policy, a place's ladder, an
 * actor): serialised once. Same text as JSON.stringify of the whole, in the same key order.
 */
const shared = new WeakMap<object, string>();
function sharedJson(o: object): string {
  let json = shared.get(o);
  if (json === undefined) shared.set(o, (json = escapeJson(JSON.stringify(o))));
  return json;
}

function eventData(e: CaseEvent): string {
  if (e.type !== 'case_reported') return escapeJson(JSON.stringify(e.data));
  const { report, policy, ladder, calendar } = e.data;
  if (calendar !== undefined || Object.keys(e.data).length !== (ladder === undefined ? 2 : 3)) return escapeJson(JSON.stringify(e.data));
  return `{"report":${escapeJson(JSON.stringify(report))},"policy":${sharedJson(policy)}${ladder === undefined ? '' : `,"ladder":${sharedJson(ladder)}`}}`;
}

export function encodeBatch(batch: readonly SimulatedCase[]): EncodedBatch {
  const events: string[] = [];
  const cases: string[] = [];
  let count = 0;
  let refused = 0;
  for (const c of batch) {
    refused += c.refused;
    const id = escape(c.caseId);
    for (let i = 0; i < c.events.length; i++) {
      const e = c.events[i]!;
      const at = new Date(e.at).toISOString();
      events.push(`${id}\t${i + 1}\t${e.eventId}\t${e.type}\t${eventData(e)}\t${sharedJson(e.actor)}\t${at}\t${at}\n`);
    }
    count += c.events.length;
    const row = caseRow(c.state);
    cases.push(CASE_COLUMNS.map((k) => field(row[k])).join('\t') + '\n');
  }
  return { cases: batch.length, events: count, refused, eventsCopy: events.join(''), casesCopy: cases.join('') };
}

/**
 * COPY into PostgreSQL over a few connections, each batch its own transaction (as many
 * appends would be; the projector orders the log by transaction). `write` waits only for a
 * free connection, so simulation goes on while the server takes the previous batches.
 */
export class CopyWriter {
  private readonly idle: pg.Client[];
  private readonly waiting: ((c: pg.Client) => void)[] = [];
  private readonly running = new Set<Promise<void>>();
  private failure: unknown = null;

  private constructor(private readonly clients: pg.Client[]) {
    this.idle = [...clients];
  }

  static async open(url: string, connections: number): Promise<CopyWriter> {
    const clients = await Promise.all(
      Array.from({ length: connections }, async () => {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        // A crash loses at most the last batches of a benchmark load; not worth a flush per commit.
        await c.query('set synchronous_commit = off');
        return c;
      }),
    );
    return new CopyWriter(clients);
  }

  async write(batch: EncodedBatch): Promise<void> {
    if (this.failure) throw this.failure;
    const client = this.idle.pop() ?? (await new Promise<pg.Client>((resolve) => this.waiting.push(resolve)));
    const job = this.copy(client, batch)
      .catch((error: unknown) => void (this.failure ??= error))
      .finally(() => {
        this.running.delete(job);
        const next = this.waiting.shift();
        if (next) next(client);
        else this.idle.push(client);
      });
    this.running.add(job);
  }

  private async copy(client: pg.Client, batch: EncodedBatch): Promise<void> {
    await client.query('begin');
    await pipeline(Readable.from([batch.eventsCopy]), client.query(copyFrom(`copy case_events (${EVENT_COLUMNS.join(', ')}) from stdin`)));
    await pipeline(Readable.from([batch.casesCopy]), client.query(copyFrom(`copy cases (${CASE_COLUMNS.join(', ')}) from stdin`)));
    await client.query('commit');
  }

  /** Waits for every batch handed over so far. */
  async flush(): Promise<void> {
    while (this.running.size) await Promise.all(this.running);
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await Promise.all(this.clients.map((c) => c.end()));
    }
  }
}

/**
 * The same rows through Kysely: slower, but it runs wherever the engine does, PGlite included
 * (the tests use it there).
 */
export async function writeWithKysely(db: Kysely<Database>, batch: readonly SimulatedCase[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const rows = batch.flatMap((c) =>
      c.events.map((e, i) => ({
        case_id: c.caseId,
        seq: i + 1,
        event_id: e.eventId,
        type: e.type,
        data: JSON.stringify(e.data),
        actor: JSON.stringify(e.actor),
        occurred_at: new Date(e.at),
        recorded_at: new Date(e.at),
      })),
    );
    // Well under the 65,535 bind parameters of one statement.
    for (let i = 0; i < rows.length; i += 2000) await trx.insertInto('case_events').values(rows.slice(i, i + 2000)).execute();
    const cases = batch.map((c) => caseRow(c.state));
    for (let i = 0; i < cases.length; i += 1000) await trx.insertInto('cases').values(cases.slice(i, i + 1000)).execute();
  });
}
