import { Button, Form, Input, Select, Switch, Table } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { call, get, post } from '../api/client';
import { problemText } from '../errors';
import { useI18n } from '../i18n';

interface User {
  id: string;
  username: string;
  name: string;
  role: string;
  org: string;
  disabled?: boolean;
}

const ROLES = ['street', 'department', 'supervisor', 'admin'] as const;

/** Admin: the people who sign in; create one, change role or org, disable or enable. */
export function Users() {
  const { t, tx } = useI18n();
  const [users, setUsers] = useState<User[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ username: string; name: string; password: string; role: string; org: string }>();
  const load = useCallback(() => {
    get<{ items: User[] }>('/v1/users?limit=500').then((r) => setUsers(r.items), (e: unknown) => setError(problemText(e, t)));
  }, [t]);
  useEffect(load, [load]);
  const change = (id: string, body: Partial<User>) =>
    call('PATCH', `/v1/users/${encodeURIComponent(id)}`, { body }).then(load, (e: unknown) => setError(problemText(e, t)));
  const create = (v: { username: string; name: string; password: string; role: string; org: string }) =>
    post('/v1/users', v).then(
      () => (form.resetFields(), setError(null), load()),
      (e: unknown) => setError(problemText(e, t)),
    );
  return (
    <section className="users">
      <h1>{t('users.title')}</h1>
      {error ? <p role="alert" className="error">{error}</p> : null}
      <Table<User>
        rowKey="id"
        size="small"
        pagination={false}
        scroll={{ x: true }}
        dataSource={users}
        columns={[
          { title: t('users.username'), dataIndex: 'username' },
          { title: t('users.name'), dataIndex: 'name' },
          {
            title: t('users.role'),
            render: (_, u) => (
              <Select size="small" value={u.role} style={{ minWidth: 110 }} aria-label={t('users.role')} onChange={(role) => void change(u.id, { role })} options={ROLES.map((r) => ({ value: r, label: tx('role', r) }))} />
            ),
          },
          { title: t('users.org'), render: (_, u) => <Input size="small" defaultValue={u.org} aria-label={t('users.org')} onBlur={(e) => e.target.value !== u.org && void change(u.id, { org: e.target.value })} /> },
          { title: t('users.enabled'), render: (_, u) => <Switch size="small" checked={!u.disabled} aria-label={`${t('users.enabled')} ${u.username}`} onChange={(on) => void change(u.id, { disabled: !on })} /> },
        ]}
      />
      <h2>{t('users.create')}</h2>
      <Form form={form} layout="vertical" onFinish={(v) => void create(v)} style={{ maxWidth: 480 }}>
        <Form.Item name="username" label={t('users.username')} rules={[{ required: true }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="name" label={t('users.name')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="password" label={t('signIn.password')} rules={[{ required: true }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="role" label={t('users.role')} rules={[{ required: true }]}>
          <Select options={ROLES.map((r) => ({ value: r, label: tx('role', r) }))} />
        </Form.Item>
        <Form.Item name="org" label={t('users.org')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('users.create')}
        </Button>
      </Form>
    </section>
  );
}
