/** Just enough of an OpenAPI 3.1 document to walk what clients send. */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  format?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}
interface Operation {
  parameters?: { in: string; name: string; schema?: JsonSchema }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}
export interface OpenApiDoc {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

/** Every string schema a client fills in (parameters and bodies, through $refs), with where it is. */
export function requestStrings(doc: OpenApiDoc): { where: string; schema: JsonSchema }[] {
  const found: { where: string; schema: JsonSchema }[] = [];
  const resolve = (s: JsonSchema): JsonSchema => (s.$ref ? resolve(doc.components!.schemas![s.$ref.split('/').pop()!]!) : s);
  const walk = (raw: JsonSchema, where: string, seen: Set<JsonSchema>) => {
    const s = resolve(raw);
    if (seen.has(s)) return;
    seen.add(s);
    const types = [s.type].flat();
    if (types.includes('string') && s.enum === undefined && s.const === undefined) found.push({ where, schema: s });
    for (const [k, p] of Object.entries(s.properties ?? {})) walk(p, `${where}.${k}`, seen);
    if (s.items) walk(s.items, `${where}[]`, seen);
    if (typeof s.additionalProperties === 'object') walk(s.additionalProperties, `${where}{}`, seen);
    for (const sub of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) walk(sub, where, seen);
  };
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      for (const p of op.parameters ?? []) if (p.schema) walk(p.schema, `${method} ${path} ${p.in}:${p.name}`, new Set());
      for (const [type, c] of Object.entries(op.requestBody?.content ?? {})) walk(c.schema, `${method} ${path} body(${type})`, new Set());
    }
  }
  return found;
}

/** A string schema's patterns: its own, and those of an allOf (zod writes a second regex so). */
export function patternsOf(s: JsonSchema): string[] {
  return [s.pattern, ...(s.allOf ?? []).map((x) => x.pattern)].filter((p): p is string => p !== undefined);
}
