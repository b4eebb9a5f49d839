import { z } from 'zod';

/** GeoReport v2's attribute datatypes. */
export const ATTRIBUTE_DATATYPES = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] as const;

/**
 * A question a category asks of whoever reports it (the directory's `categories[].attributes`),
 * offered over Open311 as the service definition's `attributes` and answered as `attribute[code]`.
 */
export const ServiceAttribute = z
  .object({
    code: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - (at most 64)'),
    /** The question, as Open311 clients show it. */
    description: z.string().min(1).max(500),
    descriptionZh: z.string().min(1).max(500).optional(),
    datatype: z.enum(ATTRIBUTE_DATATYPES),
    required: z.boolean().default(false),
    /** false: only information for the reporter (no answer is taken). */
    variable: z.boolean().default(true),
    datatypeDescription: z.string().max(500).optional(),
    /** The choices of a singlevaluelist or multivaluelist. */
    values: z.array(z.object({ key: z.string().min(1).max(100), name: z.string().min(1).max(200) })).optional(),
  })
  .superRefine((a, ctx) => {
    const list = a.datatype === 'singlevaluelist' || a.datatype === 'multivaluelist';
    if (list && !a.values?.length) ctx.addIssue({ code: 'custom', path: ['values'], message: `a ${a.datatype} needs its values` });
    if (!list && a.values) ctx.addIssue({ code: 'custom', path: ['values'], message: `only list datatypes have values, not ${a.datatype}` });
  });
export type ServiceAttribute = z.infer<typeof ServiceAttribute>;

/** Answers to a service's attributes, by attribute code (a multivaluelist's as a list). */
export type AttributeAnswers = Record<string, string | string[]>;
