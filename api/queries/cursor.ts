import { z } from 'zod';
import { invalidFields } from '../problem';
import { identifier } from '../../schema/text';

/** Where a page ended, in the list's order; opaque to clients. */
const Position = z.object({ k: z.iso.datetime({ offset: true }), id: identifier() });
export type Position = z.infer<typeof Position>;

export const encodeCursor = (p: Position) => Buffer.from(JSON.stringify(p)).toString('base64url');

export function decodeCursor(cursor: string): Position {
  try {
    return Position.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw invalidFields([{ path: 'cursor', in: 'querystring', message: 'not a cursor this API issued; pass nextCursor from the previous page unchanged' }]);
  }
}
