import { z } from 'zod';

/**
 * The learned half of the classifier as a file (`npm run train:classify` writes it): a linear
 * model over text features with one class per top-level category, and how much the dictionary
 * weighs against it. A city that replaces the taxonomy retrains it or runs without it.
 */
export const ClassifierModelFile = z
  .object({
    format: z.literal('linear-text-model/1'),
    /** How much one point of dictionary score adds to a branch's log-probability. */
    keywordWeight: z.number().min(0),
    trainedOn: z.object({
      texts: z.number().int().min(0),
      /** Weight of the dictionary's terms as training examples; 0 when they were not used. */
      termWeight: z.number().min(0),
      /** Of the labelled texts and the dictionary: tells whether the model is older than its data. */
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
    }),
    classes: z.array(z.string().min(1)).min(2),
    bias: z.array(z.number()),
    weights: z.record(z.string(), z.array(z.number())),
  })
  .superRefine((m, ctx) => {
    if (m.bias.length !== m.classes.length) ctx.addIssue({ code: 'custom', path: ['bias'], message: `needs one number per class (${m.classes.length})` });
    for (const [feature, w] of Object.entries(m.weights)) {
      if (w.length !== m.classes.length) ctx.addIssue({ code: 'custom', path: ['weights', feature], message: `needs one number per class (${m.classes.length})` });
    }
  });
export type ClassifierModelFile = z.infer<typeof ClassifierModelFile>;
