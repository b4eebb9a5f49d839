import { Alert, Card, Space } from 'antd';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef } from 'react';
import { get, qs } from '../api/client';
import type { CasePage, CaseView } from '../api/types';
import { caseNumber, caseTitle } from '../case-label';
import { StatusTag, UrgencyTag } from '../components/tags';
import { useDirectory } from '../directory';
import { useI18n } from '../i18n';
import { useLiveData } from '../live';
import { caseHref } from '../router';

const OPEN = ['reported', 'awaiting_dispatch', 'assigned', 'accepted', 'visit_scheduled', 'resolved'];
const MAX_PAGES = 10;
const COLOURS: Record<string, string> = { normal: '#1f5fa8', urgent: '#d46b08', emergency: '#cf1322' };

/** Where the map's tiles come from: the directory's `map.tileUrl` if the API gives one, else the build's VITE_MAP_TILE_URL; none: a plain base. */
function tileSource(dir: unknown): { url: string; attribution?: string } | null {
  const fromDirectory = (dir as { map?: { tileUrl?: string; attribution?: string } }).map;
  if (fromDirectory?.tileUrl) return { url: fromDirectory.tileUrl, attribution: fromDirectory.attribution };
  const env = (import.meta as ImportMeta & { env?: Record<string, string | undefined> }).env;
  return env?.VITE_MAP_TILE_URL ? { url: env.VITE_MAP_TILE_URL, attribution: env.VITE_MAP_ATTRIBUTION } : null;
}

/** Every open case in scope that has coordinates, as points: by urgency colour, overdue ringed in red. */
export function MapPage() {
  const { t, date } = useI18n();
  const names = useDirectory();
  const box = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const layer = useRef<L.LayerGroup | null>(null);
  const tiles = tileSource(names.dir);
  const loaded = useLiveData(async (signal) => {
    const items: CaseView[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < MAX_PAGES; i += 1) {
      const page = await get<CasePage>(`/v1/cases${qs({ status: OPEN, limit: 100, cursor })}`, signal);
      items.push(...page.items);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    return items;
  }, []);
  const located = (loaded.data ?? []).filter((c) => typeof c.location.lat === 'number' && typeof c.location.lon === 'number');

  useEffect(() => {
    if (!box.current || map.current) return;
    const m = L.map(box.current, { zoomControl: true, attributionControl: Boolean(tiles) }).setView([29.63, 111.75], 11);
    if (tiles) L.tileLayer(tiles.url, { attribution: tiles.attribution, maxZoom: 19 }).addTo(m);
    layer.current = L.layerGroup().addTo(m);
    map.current = m;
    return () => {
      m.remove();
      map.current = null;
    };
    // The map is made once; tiles come from the directory, loaded before this page.
  }, [tiles?.url]);

  useEffect(() => {
    const m = map.current;
    const group = layer.current;
    if (!m || !group) return;
    group.clearLayers();
    for (const c of located) {
      const marker = L.circleMarker([c.location.lat!, c.location.lon!], {
        radius: c.urgency === 'emergency' ? 10 : 8,
        color: c.overdue ? '#a8071a' : '#ffffff',
        weight: c.overdue ? 3 : 2,
        fillColor: COLOURS[c.urgency] ?? COLOURS.normal,
        fillOpacity: 0.9,
      });
      const link = document.createElement('div');
      link.className = 'map-popup';
      const a = document.createElement('a');
      a.href = caseHref(c.id);
      a.textContent = `${caseNumber(c)} · ${caseTitle(c)}`;
      const meta = document.createElement('div');
      meta.textContent = `${names.jurisdiction(c.location.jurisdictionId)} · ${date(c.createdAt)}`;
      link.append(a, meta);
      marker.bindPopup(link);
      // Without tiles the points have no streets around them: their numbers stay written beside them.
      marker.bindTooltip(caseNumber(c), tiles ? undefined : { permanent: true, direction: 'right', className: 'point-label' });
      (marker as L.CircleMarker & { options: { className?: string } }).options.className = 'case-point';
      marker.addTo(group);
    }
    if (located.length > 0) m.fitBounds(L.latLngBounds(located.map((c) => [c.location.lat!, c.location.lon!] as [number, number])).pad(0.2), { maxZoom: 15 });
    // Points drawn from the loaded cases; names follow the language.
  }, [located.map((c) => `${c.id}:${c.updatedAt}`).join(','), names, date, tiles?.url]);

  return (
    <div className="map-page">
      <h1>{t('map.title')}</h1>
      <p className="muted">{t('map.intro', { n: located.length, total: loaded.data?.length ?? 0 })}</p>
      {!tiles ? <Alert type="info" showIcon title={t('map.noTiles')} className="form-message" /> : null}
      <div className="map-box" ref={box} role="region" aria-label={t('map.title')} data-points={located.length} />
      <Space wrap className="map-legend" size={[12, 4]}>
        {(['normal', 'urgent', 'emergency'] as const).map((u) => (
          <span key={u}>
            <span className="dot" style={{ background: COLOURS[u] }} /> <UrgencyTag urgency={u} />
          </span>
        ))}
        <span>
          <span className="dot ring" /> {t('case.overdue')}
        </span>
      </Space>
      <Card size="small" className="panel-card" title={t('map.list')}>
        <ul className="map-list">
          {located.map((c) => (
            <li key={c.id} data-case={c.id}>
              <a href={caseHref(c.id)}>
                {caseNumber(c)} · {caseTitle(c)}
              </a>{' '}
              <StatusTag status={c.status} />
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
