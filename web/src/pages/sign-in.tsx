import { Alert, Button, Card, Collapse, Form, Input } from 'antd';
import { useState } from 'react';
import { ApiError, post, type SessionEnd } from '../api/client';
import { problemText } from '../errors';
import { useI18n } from '../i18n';
import { homeOf, parseToken, sessionOf, type Session, type SignedIn } from '../session';

/**
 * Sign in with a username and password (`POST /v1/session`), or paste a token (npm start prints
 * one per demo role, with a link that signs in directly); the API checks it on every call.
 */
export function SignIn({ onSignIn, ended = null }: { onSignIn(session: Session): void; ended?: SessionEnd | null }) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [passwordError, setPasswordError] = useState<string | null>(null);
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);

  const signIn = (session: Session) => {
    onSignIn(session);
    location.hash = homeOf(session.role);
  };
  const withPassword = async () => {
    setPasswordError(null);
    if (!username.trim() || !password) {
      setPasswordError(t('signIn.missing'));
      return;
    }
    setBusy(true);
    try {
      const answer = await post<SignedIn>('/v1/session', { username: username.trim(), password });
      const session = sessionOf(answer);
      if (!session) setPasswordError(t('signIn.invalid'));
      else signIn(session);
    } catch (e) {
      // One answer for a wrong password, an unknown user and a locked account (the API's rule).
      setPasswordError(e instanceof ApiError && e.status === 401 ? t('signIn.wrong') : problemText(e, t));
    } finally {
      setBusy(false);
    }
  };
  const withToken = () => {
    const session = parseToken(token);
    if (!session) {
      setError(t('signIn.invalid'));
      return;
    }
    signIn(session);
  };
  return (
    <Card className="sign-in" title={<h1>{t('signIn.title')}</h1>}>
      {ended ? <Alert type="warning" showIcon role="alert" className="session-ended" style={{ marginBottom: 16 }} message={t(`signIn.ended.${ended}`)} /> : null}
      <Form layout="vertical" component="form" onFinish={() => void withPassword()} noValidate aria-label={t('signIn.title')}>
        <Form.Item label={t('signIn.username')} htmlFor="username" className="field">
          <Input id="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} />
        </Form.Item>
        <Form.Item
          label={t('signIn.password')}
          htmlFor="password"
          className="field"
          validateStatus={passwordError ? 'error' : undefined}
          help={
            passwordError ? (
              <span id="password-error" className="field-error" role="alert">
                {passwordError}
              </span>
            ) : undefined
          }
        >
          <Input.Password id="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} aria-describedby={passwordError ? 'password-error' : undefined} />
        </Form.Item>
        <Button type="primary" htmlType="submit" size="large" disabled={busy} block>
          {busy ? t('form.submitting') : t('signIn.submit')}
        </Button>
      </Form>
      <Collapse
        ghost
        className="token-sign-in"
        items={[
          {
            key: 'token',
            label: t('signIn.withToken'),
            children: (
              <Form layout="vertical" component="form" onFinish={withToken} noValidate>
                <p className="muted">{t('signIn.intro')}</p>
                <Form.Item
                  label={t('signIn.token')}
                  htmlFor="token"
                  validateStatus={error ? 'error' : undefined}
                  help={
                    error ? (
                      <span id="token-error" className="field-error" role="alert">
                        {error}
                      </span>
                    ) : undefined
                  }
                >
                  <Input.TextArea id="token" rows={4} value={token} onChange={(e) => setToken(e.target.value)} aria-invalid={error ? true : undefined} aria-describedby={error ? 'token-error' : undefined} />
                </Form.Item>
                <Button htmlType="submit">{t('signIn.submitToken')}</Button>
              </Form>
            ),
          },
        ]}
      />
    </Card>
  );
}
