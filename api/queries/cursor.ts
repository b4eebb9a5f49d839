import { z } from 'zod';
import { invalidFields } from '../problem';
import { identifier } from '../../schema/text';

/** Where a page ended, opaque to clients: `s` the order the page was read in; `k` its sort key (null: a case with no deadline), `id` the tie-breaker. */
const Position = z.object({ s: z.string().optional(), k: z.iso.datetime({ offset: true }).nullable(), id: identifier() });
export type Position = z.infer<typeof Position>;

export const encodeCursor = (p: Position) => Buffer.from(JSON.stringify(p)).toString('base64url');

export function decodeCursor(cursor: string, sort: string): Position {
  try {
    const p = Position.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    // Cursors from before sorting existed are newest-first ones.
    if ((p.s ?? '-createdAt') !== sort) throw new Error('another order');
    return p;
  } catch {
    throw invalidFields([{ path: 'cursor', in: 'querystring', message: 'not a cursor this API issued for this order; pass nextCursor from the previous page unchanged, with the same sort' }]);
  }
}
