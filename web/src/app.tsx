import { useState } from 'react';
import { setToken } from './api/client';
import type { Role } from './api/types';
import { DirectoryProvider } from './directory';
import { useI18n } from './i18n';
import type { MessageKey } from './i18n/en';
import { CasePage } from './pages/case-page';
import { Dashboard } from './pages/dashboard';
import { Desk } from './pages/desk';
import { Inbox } from './pages/inbox';
import { SignIn } from './pages/sign-in';
import { useRoute, type Route } from './router';
import { homeOf, loadSession, saveSession, type Session } from './session';

const NAV: Record<Role, [string, MessageKey][]> = {
  supervisor: [['#/dashboard', 'nav.dashboard']],
  department: [['#/inbox', 'nav.inbox']],
  street: [['#/desk', 'nav.desk']],
  admin: [['#/dashboard', 'nav.dashboard']],
};

function Page({ route, session }: { route: Route; session: Session }) {
  const { t } = useI18n();
  switch (route.page) {
    case 'dashboard':
      return <Dashboard />;
    case 'inbox':
      return <Inbox />;
    case 'desk':
      return <Desk session={session} />;
    case 'case':
      return <CasePage key={route.id} id={route.id} role={session.role} />;
    case 'signIn':
      // Signed in already: the role's own page.
      location.hash = homeOf(session.role);
      return null;
    default:
      return <p>{t('app.notFound')}</p>;
  }
}

export function App() {
  const { t, tx, lang, setLang } = useI18n();
  const [session, setSession] = useState<Session | null>(loadSession);
  const route = useRoute();
  setToken(session?.token ?? null);
  const signOut = () => {
    saveSession(null);
    setSession(null);
    location.hash = '#/sign-in';
  };
  return (
    <>
      <a className="skip" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
        {t('app.skip')}
      </a>
      <header className="top">
        <strong className="brand">{t('app.title')}</strong>
        <nav aria-label="main">
          {session ? NAV[session.role].map(([href, key]) => (
            <a key={href} href={href} aria-current={location.hash.startsWith(href) ? 'page' : undefined}>
              {t(key)}
            </a>
          )) : null}
        </nav>
        <div className="lang" role="group" aria-label={t('app.language')}>
          <button type="button" lang="zh-CN" aria-pressed={lang === 'zh'} onClick={() => setLang('zh')}>
            中文
          </button>
          <button type="button" lang="en" aria-pressed={lang === 'en'} onClick={() => setLang('en')}>
            English
          </button>
        </div>
        {session ? (
          <div className="who">
            <span className="muted">{t('app.signedInAs', { sub: session.sub, role: tx('role', session.role), org: session.org })}</span>{' '}
            <button type="button" onClick={signOut}>
              {t('app.signOut')}
            </button>
          </div>
        ) : null}
      </header>
      <main id="main" tabIndex={-1}>
        {session ? (
          // Keyed by the token: another person's session starts from a fresh directory and pages.
          <DirectoryProvider key={session.token}>
            <Page route={route} session={session} />
          </DirectoryProvider>
        ) : (
          <SignIn onSignIn={(s) => (saveSession(s), setSession(s))} />
        )}
      </main>
    </>
  );
}
