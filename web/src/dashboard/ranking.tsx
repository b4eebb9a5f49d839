import type { Ranking, RateName } from '../api/types';
import { Bars, percent } from '../components/bars';
import { useDirectory } from '../directory';
import { useI18n } from '../i18n';

const SHOWN: readonly RateName[] = ['response', 'resolution', 'satisfaction', 'onTimeResolution'];
/** The three rates supervisors rank on, charted side by side. */
const CHARTED: readonly RateName[] = ['response', 'resolution', 'satisfaction'];

/** The ranking as a table (each rate with its numerator and denominator) and as bar charts. */
export function RankingView({ ranking, groupBy }: { ranking: Ranking; groupBy: 'department' | 'street' }) {
  const { t } = useI18n();
  const names = useDirectory();
  const label = (key: string | null, name: string | null) => (key === null ? t('dashboard.unassigned') : groupBy === 'department' ? names.department(key) : names.jurisdiction(key)) || name || '—';
  if (ranking.items.length === 0) return <p className="muted">{t('dashboard.noData')}</p>;
  return (
    <>
      <table className="list ranking" aria-label={t('dashboard.ranking')}>
        <thead>
          <tr>
            <th scope="col">{t('dashboard.rank')}</th>
            <th scope="col">{t('dashboard.name')}</th>
            <th scope="col">{t('dashboard.received')}</th>
            {SHOWN.map((r) => (
              <th scope="col" key={r}>
                {t(`rate.${r}`)}
              </th>
            ))}
            <th scope="col">{t('dashboard.composite')}</th>
          </tr>
        </thead>
        <tbody>
          {ranking.items.map((item) => (
            <tr key={item.key ?? 'none'} data-key={item.key ?? ''}>
              <td>{item.rank}</td>
              <th scope="row">{label(item.key, item.name)}</th>
              <td>{item.received}</td>
              {SHOWN.map((r) => (
                <td key={r} data-rate={r}>
                  {percent(item.rates[r].value)} <span className="muted">({item.rates[r].numerator}/{item.rates[r].denominator})</span>
                </td>
              ))}
              <td>{percent(item.composite)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('dashboard.charts')}</h3>
      <div className="charts">
        {CHARTED.map((r) => (
          <Bars
            key={r}
            title={t(`rate.${r}`)}
            bars={ranking.items.map((i) => ({ label: label(i.key, i.name), value: i.rates[r].value, text: `${percent(i.rates[r].value)} (${i.rates[r].numerator}/${i.rates[r].denominator})` }))}
          />
        ))}
      </div>
    </>
  );
}
