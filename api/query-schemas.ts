import { z } from 'zod';

/** A period bound in a query string: an ISO 8601 instant with its offset, or a calendar date. */
export const InstantOrDate = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);
