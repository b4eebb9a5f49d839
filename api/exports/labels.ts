import { en, type MessageKey } from '../../web/src/i18n/en';
import { zh } from '../../web/src/i18n/zh';

export const EXPORT_LANGUAGES = ['zh', 'en'] as const;
export type ExportLanguage = (typeof EXPORT_LANGUAGES)[number];

/**
 * Words of an export in the caller's language, from the console's own dictionaries: one source
 * for what a status or a column is called, on screen and in a spreadsheet alike.
 */
export function labelsFor(lang: ExportLanguage): (key: MessageKey) => string {
  const dictionary: Record<MessageKey, string> = lang === 'zh' ? zh : en;
  return (key) => dictionary[key];
}

export const isMessageKey = (key: string): key is MessageKey => key in en;
