import { useSyncExternalStore } from 'react';

/** The page shown, from the URL's hash (#/case/ID): the server serves one file for every page. */
export type Route = { page: 'signIn' } | { page: 'dashboard' } | { page: 'inbox' } | { page: 'desk' } | { page: 'case'; id: string } | { page: 'unknown' };

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#\/?/, '').split('?')[0] ?? '';
  const [head, arg] = path.split('/');
  switch (head) {
    case '':
    case 'sign-in':
      return { page: 'signIn' };
    case 'dashboard':
    case 'inbox':
    case 'desk':
      return { page: head };
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
  return parseHash(useSyncExternalStore(onHashChange, () => location.hash));
}

export const caseHref = (id: string) => `#/case/${encodeURIComponent(id)}`;
