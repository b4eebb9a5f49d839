import { rootCategory } from '../../domain/categories';
import type { Directory } from '../../schema/directory';
import type { CaseView } from '../views';

/** A category as a GeoReport service; `group` is its top-level category. */
export function toService(dir: Directory, categoryId: string) {
  const c = dir.categories.find((x) => x.id === categoryId)!;
  const group = dir.categories.find((x) => x.id === rootCategory(dir, c.id))!;
  return {
    service_code: c.id,
    service_name: c.name,
    description: `${c.name} (${c.nameZh})`,
    // true: the service asks attributes (services/{code} lists them).
    metadata: (c.attributes ?? []).some((a) => a.variable),
    type: 'realtime',
    keywords: '',
    group: group.name,
  };
}

export type Open311Request = ReturnType<typeof toServiceRequest>;

/**
 * A case as a GeoReport service request. `media_url`: the first photo of the report stored with the
 * case (fetched with the api_key as `access_token`), else the first link given at submission.
 */
export function toServiceRequest(dir: Directory, c: CaseView, origin: string) {
  const category = c.categoryId ? dir.categories.find((x) => x.id === c.categoryId) : undefined;
  const department = c.departmentId ? dir.departments.find((d) => d.id === c.departmentId) : undefined;
  return {
    service_request_id: c.id,
    status: c.status === 'closed' ? 'closed' : 'open',
    status_notes: statusNotes(c),
    service_name: category?.name ?? null,
    service_code: c.categoryId,
    description: c.description,
    agency_responsible: department?.name ?? null,
    // The id stays the case's uuid (CONTRACT.md); the number people read out is the notice, and
    // every lookup by id also takes the number.
    service_notice: c.number ? `case number ${c.number}` : null,
    requested_datetime: c.createdAt,
    updated_datetime: c.updatedAt,
    expected_datetime: c.deadlines.find((d) => d.step === 'resolve')?.dueAt ?? null,
    address: c.location.address ?? null,
    address_id: null,
    zipcode: null,
    lat: c.location.lat ?? null,
    long: c.location.lon ?? null,
    media_url: mediaUrl(c, origin),
  };
}

/** The engine's finer status and, once there is one, how the case ended. */
function statusNotes(c: CaseView): string {
  const parts = [c.status.replaceAll('_', ' ')];
  if (c.resolution) parts.push(c.resolution.summary);
  if (c.outcome) parts.push(`outcome: ${c.outcome.replaceAll('_', ' ')}`);
  return parts.join('; ');
}

function mediaUrl(c: CaseView, origin: string): string | null {
  const photo = c.attachments.find((a) => a.kind === 'photo' && a.id !== undefined && a.stage === 'report');
  if (photo) return `${origin}${photo.url}`;
  return c.attachments.find((a) => a.id === undefined)?.url ?? null;
}
