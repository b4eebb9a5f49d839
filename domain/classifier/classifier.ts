import type { Classification } from '../../schema/automation';

/** What the engine asks of any classifier: text and location in, ranked categories with evidence out. */
export interface CaseText {
  text: string;
  jurisdictionId?: string;
}

export interface Classifier {
  classify(input: CaseText): Classification;
}
