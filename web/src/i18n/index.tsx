import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en, type MessageKey } from './en';
import { formatDateTime, spanParts, type Lang } from './format';
import { zh } from './zh';

const DICTIONARIES: Record<Lang, Record<MessageKey, string>> = { en, zh };
const STORAGE_KEY = 'gce.lang';

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  t: Translate;
  /** A dynamic key (status, event type…) that may be unknown: falls back to the raw value. */
  tx(prefix: string, value: string): string;
  date(iso: string | number): string;
  /** "3 h 20 min left" or "overdue by 1 d 2 h". */
  due(dueAt: string, now: number): string;
  timeZone: string;
  setTimeZone(tz: string): void;
}

const Ctx = createContext<I18n | null>(null);

function initialLang(): Lang {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved === 'zh' || saved === 'en') return saved;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

function fill(text: string, values?: Record<string, string | number>): string {
  return values ? text.replace(/\{(\w+)\}/g, (all, name: string) => (name in values ? String(values[name]) : all)) : text;
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  // Asia/Shanghai until the directory says which zone the city keeps.
  const [timeZone, setTimeZone] = useState('Asia/Shanghai');
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);
  const setLang = useCallback((l: Lang) => {
    localStorage.setItem(STORAGE_KEY, l);
    setLangState(l);
  }, []);
  const value = useMemo<I18n>(() => {
    const dict = DICTIONARIES[lang];
    const t: Translate = (key, values) => fill(dict[key], values);
    const span = (ms: number) => spanParts(ms).map(([n, unit]) => t(`time.${unit}`, { n })).join(' ');
    return {
      lang,
      setLang,
      t,
      tx: (prefix, v) => (dict as Record<string, string>)[`${prefix}.${v}`] ?? v,
      date: (iso) => formatDateTime(iso, lang, timeZone),
      due: (dueAt, now) => {
        const left = new Date(dueAt).getTime() - now;
        return left >= 0 ? t('time.left', { d: span(left) }) : t('time.overdue', { d: span(left) });
      },
      timeZone,
      setTimeZone,
    };
  }, [lang, setLang, timeZone]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(Ctx);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
