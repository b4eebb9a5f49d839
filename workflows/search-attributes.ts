import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

// The dev server's SQLite visibility store has 10 Keyword, 3 Int, 3 Datetime and 3 Bool
// slots; these use 5 Keyword, 1 Int, 1 Datetime and 1 Bool, leaving room for later needs.
export const CaseStatusKey = defineSearchAttributeKey('CaseStatus', SearchAttributeType.KEYWORD);
export const CaseDepartmentKey = defineSearchAttributeKey('CaseDepartment', SearchAttributeType.KEYWORD);
export const CaseJurisdictionKey = defineSearchAttributeKey('CaseJurisdiction', SearchAttributeType.KEYWORD);
export const CaseCategoryKey = defineSearchAttributeKey('CaseCategory', SearchAttributeType.KEYWORD);
export const CaseUrgencyKey = defineSearchAttributeKey('CaseUrgency', SearchAttributeType.KEYWORD);
export const CaseEscalationLevelKey = defineSearchAttributeKey('CaseEscalationLevel', SearchAttributeType.INT);
export const CaseNextDeadlineKey = defineSearchAttributeKey('CaseNextDeadline', SearchAttributeType.DATETIME);
export const CaseOverdueKey = defineSearchAttributeKey('CaseOverdue', SearchAttributeType.BOOL);

export const CASE_SEARCH_ATTRIBUTES = [
  CaseStatusKey,
  CaseDepartmentKey,
  CaseJurisdictionKey,
  CaseCategoryKey,
  CaseUrgencyKey,
  CaseEscalationLevelKey,
  CaseNextDeadlineKey,
  CaseOverdueKey,
] as const;
