import { AppstoreOutlined, TeamOutlined, DashboardOutlined, EnvironmentOutlined, FormOutlined, InboxOutlined, LogoutOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { Button, ConfigProvider, Segmented } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { post, setOnSessionEnd, setToken, type SessionEnd } from './api/client';
import type { Role } from './api/types';
import { NotificationBell } from './components/notification-bell';
import { DirectoryProvider, useDirectory } from './directory';
import { useI18n } from './i18n';
import type { MessageKey } from './i18n/en';
import { LiveProvider } from './live';
import { CasePage } from './pages/case-page';
import { Cases } from './pages/cases';
import { Desk } from './pages/desk';
import { Inbox } from './pages/inbox';
import { SignIn } from './pages/sign-in';
import { Track } from './pages/track';
import { Users } from './pages/users';
import { useRoute, type Route } from './router';
import { homeOf, loadSession, saveSession, sessionOf, type Session, type SignedIn } from './session';

// The chart and map libraries are large: loaded with the pages that draw them.
const Dashboard = lazy(() => import('./pages/dashboard').then((m) => ({ default: m.Dashboard })));
const MapPage = lazy(() => import('./pages/map').then((m) => ({ default: m.MapPage })));

const NAV: Record<Role, [string, MessageKey, ReactNode][]> = {
  supervisor: [
    ['#/dashboard', 'nav.dashboard', <DashboardOutlined key="i" />],
    ['#/cases', 'nav.cases', <UnorderedListOutlined key="i" />],
    ['#/map', 'nav.map', <EnvironmentOutlined key="i" />],
  ],
  department: [
    ['#/inbox', 'nav.inbox', <InboxOutlined key="i" />],
    ['#/cases', 'nav.cases', <UnorderedListOutlined key="i" />],
  ],
  street: [
    ['#/desk', 'nav.desk', <FormOutlined key="i" />],
    ['#/cases', 'nav.cases', <UnorderedListOutlined key="i" />],
    ['#/map', 'nav.map', <EnvironmentOutlined key="i" />],
  ],
  admin: [
    ['#/dashboard', 'nav.dashboard', <DashboardOutlined key="i" />],
    ['#/cases', 'nav.cases', <AppstoreOutlined key="i" />],
    ['#/map', 'nav.map', <EnvironmentOutlined key="i" />],
    ['#/users', 'nav.users', <TeamOutlined key="i" />],
  ],
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
    case 'cases':
      return <Cases query={route.query} role={session.role} />;
    case 'map':
      return <MapPage />;
    case 'users':
      return session.role === 'admin' ? <Users /> : <p>{t('app.notFound')}</p>;
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

/** Who is signed in, by role and by the name of their place or department. */
function Who({ session }: { session: Session }) {
  const { t, tx } = useI18n();
  const names = useDirectory();
  const org = session.role === 'department' ? names.department(session.org) : names.jurisdiction(session.org);
  return (
    <span className="who-text" data-sub={session.sub}>
      {session.name ? `${session.name} · ` : ''}
      {t('app.signedInAs', { role: tx('role', session.role), org })}
    </span>
  );
}

function Shell({ session, route, onSignOut }: { session: Session; route: Route; onSignOut(): void }) {
  const { t, lang, setLang } = useI18n();
  const hash = location.hash;
  return (
    <>
      <header className="top no-print">
        <strong className="brand">{t('app.title')}</strong>
        <nav aria-label="main" className="main-nav">
          {NAV[session.role].map(([href, key, icon]) => (
            <a key={href} href={href} aria-current={hash.startsWith(href) ? 'page' : undefined}>
              {icon} <span>{t(key)}</span>
            </a>
          ))}
        </nav>
        <LangSwitch lang={lang} setLang={setLang} label={t('app.language')} />
        <div className="who">
          {session.role !== 'admin' ? <NotificationBell /> : null}
          <Who session={session} />
          <Button size="small" icon={<LogoutOutlined />} onClick={onSignOut}>
            {t('app.signOut')}
          </Button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<p>{t('app.loading')}</p>}>
          <Page route={route} session={session} />
        </Suspense>
      </main>
    </>
  );
}

function LangSwitch({ lang, setLang, label }: { lang: 'zh' | 'en'; setLang(l: 'zh' | 'en'): void; label: string }) {
  return (
    <div className="lang" role="group" aria-label={label}>
      <Segmented
        size="small"
        value={lang}
        onChange={(v) => setLang(v as 'zh' | 'en')}
        options={[
          { value: 'zh', label: <span lang="zh-CN">中文</span> },
          { value: 'en', label: <span lang="en">English</span> },
        ]}
      />
    </div>
  );
}

export function App() {
  const { t, lang, setLang } = useI18n();
  const [session, setSession] = useState<Session | null>(loadSession);
  const route = useRoute();
  const [ended, setEnded] = useState<SessionEnd | null>(null);
  setToken(session?.token ?? null);
  useEffect(() => {
    setOnSessionEnd((why) => {
      saveSession(null);
      setToken(null);
      setSession(null);
      setEnded(why);
      location.hash = '#/sign-in';
    });
    return () => setOnSessionEnd(null);
  }, []);
  const signOut = () => {
    // A password session is ended on the server too (its refresh token stops working).
    if (session?.refreshToken) void post('/v1/session/sign-out', { refreshToken: session.refreshToken }).catch(() => {});
    saveSession(null);
    setSession(null);
    location.hash = '#/sign-in';
  };
  // A password session's access token lives 15 minutes: renewed a minute before it ends.
  const refreshToken = session?.refreshToken;
  const expiresAt = session?.expiresAt;
  useEffect(() => {
    if (!refreshToken || !expiresAt) return;
    const timer = setTimeout(
      () => {
        post<SignedIn>('/v1/session/refresh', { refreshToken }).then(
          (answer) => {
            const next = sessionOf(answer);
            saveSession(next);
            setSession(next);
          },
          () => {
            saveSession(null);
            setSession(null);
            location.hash = '#/sign-in';
          },
        );
      },
      Math.max(5_000, Date.parse(expiresAt) - Date.now() - 60_000),
    );
    return () => clearTimeout(timer);
  }, [refreshToken, expiresAt]);
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={{ token: { colorPrimary: '#1f5fa8', borderRadius: 4, fontSize: 15 } }} button={{ autoInsertSpace: false }}>
      <a className="skip" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
        {t('app.skip')}
      </a>
      {route.page === 'track' ? (
        // A resident's page: no sign-in, whoever opens it.
        <>
          <header className="top">
            <strong className="brand">{t('app.title')}</strong>
            <LangSwitch lang={lang} setLang={setLang} label={t('app.language')} />
          </header>
          <main id="main" tabIndex={-1}>
            <Track code={route.code} />
          </main>
        </>
      ) : session ? (
        // Keyed by the person: another person's session starts from a fresh directory, stream and
        // pages; a renewed token keeps the page and what was typed (the stream reconnects).
        <DirectoryProvider key={`${session.sub}|${session.role}|${session.org}`}>
          <LiveProvider token={session.token}>
            <Shell session={session} route={route} onSignOut={signOut} />
          </LiveProvider>
        </DirectoryProvider>
      ) : (
        <>
          <header className="top">
            <strong className="brand">{t('app.title')}</strong>
            <LangSwitch lang={lang} setLang={setLang} label={t('app.language')} />
          </header>
          <main id="main" tabIndex={-1}>
            <SignIn ended={ended} onSignIn={(s) => (saveSession(s), setEnded(null), setSession(s))} />
          </main>
        </>
      )}
    </ConfigProvider>
  );
}
