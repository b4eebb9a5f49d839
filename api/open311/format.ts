import { XMLBuilder } from 'fast-xml-parser';
import type { FastifyReply } from 'fastify';

/** GeoReport v2 answers every resource in the format its path ends with. */
export const FORMATS = ['json', 'xml'] as const;
export type Format = (typeof FORMATS)[number];

export const CONTENT_TYPES: Record<Format, string> = { json: 'application/json; charset=utf-8', xml: 'text/xml; charset=utf-8' };

const builder = new XMLBuilder({ format: true, ignoreAttributes: true });

/** Null and undefined are empty elements in XML (the specification's examples), nulls in JSON. */
const blanks = (value: unknown): unknown => {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(blanks);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, blanks(v)]));
  return value;
};

export function toXml(root: string, body: unknown): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${builder.build({ [root]: blanks(body) }) as string}`;
}

/** A list: a JSON array, or `<root><item>…</item>…</root>`. */
export function sendList(reply: FastifyReply, format: Format, root: string, item: string, list: readonly object[], status = 200) {
  const body = format === 'json' ? JSON.stringify(list) : toXml(root, { [item]: list });
  return reply.code(status).type(CONTENT_TYPES[format]).send(body);
}

/** One object; `xml` reshapes nested lists into their XML elements where that differs. */
export function sendObject(reply: FastifyReply, format: Format, root: string, value: object, xml: (v: object) => object = (v) => v) {
  const body = format === 'json' ? JSON.stringify(value) : toXml(root, xml(value));
  return reply.code(200).type(CONTENT_TYPES[format]).send(body);
}
