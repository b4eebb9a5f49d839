import { FileOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { download } from '../api/client';
import type { CaseView } from '../api/types';
import { useI18n } from '../i18n';

type Item = { url?: string; kind?: string; id?: string; name?: string; stage?: string };

/** The case's files: links given with the report, and files uploaded to the API (fetched with the session's token). */
export function Attachments({ c }: { c: CaseView }) {
  const { t, tx } = useI18n();
  const items = (c.attachments ?? []) as Item[];
  if (items.length === 0) return null;
  return (
    <>
      <h3>{t('case.attachments')}</h3>
      <ul className="attachments">
        {items.map((a, i) => (
          <li key={a.id ?? a.url ?? i}>
            <FileOutlined />{' '}
            {a.id ? (
              <Button type="link" size="small" onClick={() => void download(`/v1/cases/${encodeURIComponent(c.id)}/attachments/${encodeURIComponent(a.id!)}`, a.name ?? a.id!)}>
                {a.name ?? a.id}
              </Button>
            ) : /^https?:\/\//i.test(a.url ?? '') ? (
              <a href={a.url} target="_blank" rel="noopener noreferrer">
                {a.kind || a.url}
              </a>
            ) : (
              <span>{a.kind || a.url}</span>
            )}
            {a.stage ? <span className="muted"> · {tx('stage', a.stage)}</span> : null}
          </li>
        ))}
      </ul>
    </>
  );
}
