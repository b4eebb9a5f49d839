import { useState } from 'react';
import { useI18n } from '../i18n';
import { homeOf, parseToken, type Session } from '../session';

/** Paste a token (npm start prints one per demo role); the API checks it on every call. */
export function SignIn({ onSignIn }: { onSignIn(session: Session): void }) {
  const { t } = useI18n();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const onSubmit = (e: React.FormEvent) => {
    e.preventDefault();
    const session = parseToken(token);
    if (!session) {
      setError(t('signIn.invalid'));
      return;
    }
    onSignIn(session);
    location.hash = homeOf(session.role);
  };
  return (
    <form className="panel sign-in" onSubmit={onSubmit} noValidate>
      <h1>{t('signIn.title')}</h1>
      <p>{t('signIn.intro')}</p>
      <div className={`field${error ? ' field-invalid' : ''}`}>
        <label htmlFor="token">{t('signIn.token')}</label>
        <textarea id="token" rows={4} value={token} onChange={(e) => setToken(e.target.value)} aria-invalid={error ? true : undefined} aria-describedby={error ? 'token-error' : undefined} />
        {error ? (
          <span id="token-error" className="field-error" role="alert">
            {error}
          </span>
        ) : null}
      </div>
      <button type="submit">{t('signIn.submit')}</button>
    </form>
  );
}
