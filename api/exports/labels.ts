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

/** A directory entry's name in the reader's language; null for no id or an id the directory does not know. */
export function nameIn(list: readonly { id: string; name: string; nameZh: string }[], id: string | null, lang: ExportLanguage): string | null {
  const found = id === null ? undefined : list.find((x) => x.id === id);
  return found ? (lang === 'zh' ? found.nameZh : found.name) : null;
}

export const isMessageKey = (key: string): key is MessageKey => key in en;
