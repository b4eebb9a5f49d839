import { Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { useI18n } from '../i18n';
import { homeOf, parseToken, type Session } from '../session';

/** Paste a token (npm start prints one per demo role, with a link that signs in directly); the API checks it on every call. */
export function SignIn({ onSignIn }: { onSignIn(session: Session): void }) {
  const { t } = useI18n();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const onSubmit = () => {
    const session = parseToken(token);
    if (!session) {
      setError(t('signIn.invalid'));
      return;
    }
    onSignIn(session);
    location.hash = homeOf(session.role);
  };
  return (
    <Card className="sign-in" title={<h1>{t('signIn.title')}</h1>}>
      <Form layout="vertical" component="form" onFinish={onSubmit} noValidate>
        <p>{t('signIn.intro')}</p>
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
        <Button type="primary" htmlType="submit" size="large">
          {t('signIn.submit')}
        </Button>
      </Form>
    </Card>
  );
}
