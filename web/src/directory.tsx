import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { get } from './api/client';
import type { DirectoryView, Named } from './api/types';
import { useI18n } from './i18n';

export interface DirectoryNames {
  dir: DirectoryView;
  jurisdiction(id: string | null | undefined): string;
  department(id: string | null | undefined): string;
  category(id: string | null | undefined): string;
  /** A jurisdiction and every one below it, in tree order: what a street committee may file for. */
  within(rootId: string): DirectoryView['jurisdictions'];
}

const Ctx = createContext<DirectoryNames | null>(null);

/** Loads the directory once per sign-in; names follow the chosen language. */
export function DirectoryProvider({ children }: { children: ReactNode }) {
  const { lang, setTimeZone, t } = useI18n();
  const [dir, setDir] = useState<DirectoryView | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    get<DirectoryView>('/v1/directory').then(
      (d) => {
        setDir(d);
        setTimeZone(d.city.timeZone);
      },
      (e: Error) => setFailed(e.message),
    );
  }, [setTimeZone]);
  const value = useMemo<DirectoryNames | null>(() => {
    if (!dir) return null;
    const index = (items: Named[]) => new Map(items.map((i) => [i.id, i]));
    const [js, ds, cs] = [index(dir.jurisdictions), index(dir.departments), index(dir.categories)];
    const name = (m: Map<string, Named>) => (id: string | null | undefined) => {
      if (!id) return '—';
      const item = m.get(id);
      return item ? (lang === 'zh' ? item.nameZh : item.name) : id;
    };
    const within = (rootId: string) => {
      const out: DirectoryView['jurisdictions'] = [];
      const walk = (id: string) => {
        const j = dir.jurisdictions.find((x) => x.id === id);
        if (!j) return;
        out.push(j);
        for (const c of dir.jurisdictions.filter((x) => x.parentId === id)) walk(c.id);
      };
      walk(rootId);
      return out;
    };
    return { dir, jurisdiction: name(js), department: name(ds), category: name(cs), within };
  }, [dir, lang]);
  if (failed) return <p role="alert">{t('error.other', { status: '', detail: failed })}</p>;
  if (!value) return <p>{t('app.loading')}</p>;
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useDirectory(): DirectoryNames {
  const value = useContext(Ctx);
  if (!value) throw new Error('useDirectory outside DirectoryProvider');
  return value;
}
