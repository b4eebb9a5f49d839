import { UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Select } from 'antd';
import { useRef, useState } from 'react';
import { upload } from '../api/client';
import type { CaseView, Role } from '../api/types';
import { problemText } from '../errors';
import { useI18n } from '../i18n';

const STAGES: Record<Role, readonly string[]> = { street: ['report'], supervisor: ['report'], admin: ['report', 'visit', 'resolution'], department: ['visit', 'resolution'] };

/**
 * A photo or a PDF added to the case (`POST /v1/cases/{id}/attachments`, multipart): the report's
 * evidence from a street or supervisor, a visit's or the resolution's from the department.
 * The API checks what the bytes are; a refusal is said here and the chosen file stays chosen.
 */
export function AttachmentForm({ c, role, onDone }: { c: CaseView; role: Role; onDone(): void }) {
  const { t, tx } = useI18n();
  // A visit's file needs a visit to belong to.
  const stages = STAGES[role].filter((s) => s !== 'visit' || c.visits.length > 0);
  const [stage, setStage] = useState(stages[0]!);
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const openVisit = c.visits.find((v) => !v.completedAt) ?? c.visits.at(-1);
  const send = async () => {
    if (!file) {
      setMessage({ ok: false, text: t('invalid.required') });
      return;
    }
    setBusy(true);
    setMessage(null);
    const body = new FormData();
    body.append('stage', stage);
    if (stage === 'visit' && openVisit) body.append('visitId', openVisit.id);
    body.append('file', file);
    try {
      await upload(`/v1/cases/${encodeURIComponent(c.id)}/attachments`, body);
      setMessage({ ok: true, text: t('attachment.added', { name: file.name }) });
      setFile(null);
      if (input.current) input.current.value = '';
      onDone();
    } catch (error) {
      setMessage({ ok: false, text: problemText(error, t) });
    } finally {
      setBusy(false);
    }
  };
  const id = `attachment-${c.id}`;
  return (
    <Form className="action-form" layout="vertical" component="form" onFinish={() => void send()} aria-label={t('action.addAttachment')} data-action="addAttachment">
      <p className="muted action-hint">{t('hint.addAttachment')}</p>
      {stages.length > 1 ? (
        <Form.Item label={t('attachment.stage')} htmlFor={`${id}-stage`} className="field">
          <Select id={`${id}-stage`} value={stage} onChange={setStage} options={stages.map((s) => ({ value: s, label: tx('stage', s) }))} />
        </Form.Item>
      ) : null}
      <Form.Item label={t('attachment.file')} htmlFor={`${id}-file`} className="field" required>
        <input ref={input} id={`${id}-file`} type="file" accept="image/jpeg,image/png,image/webp,application/pdf" capture="environment" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </Form.Item>
      {message ? <Alert className="form-message" type={message.ok ? 'success' : 'error'} showIcon role={message.ok ? 'status' : 'alert'} title={message.text} /> : null}
      <Button htmlType="submit" icon={<UploadOutlined />} disabled={busy} block className="submit">
        {busy ? t('form.submitting') : t('action.addAttachment')}
      </Button>
    </Form>
  );
}
