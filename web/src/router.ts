import { useSyncExternalStore } from 'react';

/** The page shown, from the URL's hash (#/case/ID, #/cases?status=assigned): the server serves one file for every page. */
export type Route =
  | { page: 'signIn' }
  | { page: 'dashboard' }
  | { page: 'inbox' }
  | { page: 'desk' }
  | { page: 'cases'; query: URLSearchParams }
  | { page: 'map' }
  | { page: 'users' }
  | { page: 'case'; id: string }
  | { page: 'track'; code: string }
  | { page: 'unknown' };

export function parseHash(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const [head, arg] = path.split('/');
  switch (head) {
    case '':
    case 'sign-in':
      return { page: 'signIn' };
    case 'dashboard':
    case 'inbox':
    case 'desk':
    case 'map':
    case 'users':
      return { page: head };
    case 'cases':
      return { page: 'cases', query: new URLSearchParams(query) };
    case 'track':
      return arg ? { page: 'track', code: decodeURIComponent(arg) } : { page: 'unknown' };
    case 'case':
      return arg ? { page: 'case', id: decodeURIComponent(arg) } : { page: 'unknown' };
    default:
      return { page: 'unknown' };
  }
}

function onHashChange(notify: () => void): () => void {
  window.addEventListener('hashchange', notify);
  return () => window.removeEventListener('hashchange', notify);
}

/**
 * The route, re-read after subscribing: a hash changed between the first render and the
 * subscription (a link followed while the page was still starting) is not missed.
 */
export function useRoute(): Route {
  const hash = useSyncExternalStore(onHashChange, () => location.hash);
  return parseHash(hash);
}

/** The hash as it is (for pages that keep their state in its query). */
export function useHash(): string {
  return useSyncExternalStore(onHashChange, () => location.hash);
}

export const caseHref = (id: string) => `#/case/${encodeURIComponent(id)}`;
