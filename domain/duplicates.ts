import type { CaseReport } from '../schema/commands';

type Place = CaseReport['location'];

export interface PlaceMatch {
  sameAddress: boolean;
  distanceM: number | null;
}

/** Addresses compare without case, spaces or punctuation: "3栋, 西湖社区" = "3栋西湖社区". */
export function normaliseAddress(address: string): string {
  return address.toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '');
}

const EARTH_RADIUS_M = 6_371_000;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine). */
export function distanceM(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const h = Math.sin(rad(b.lat - a.lat) / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lon - a.lon) / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Whether two reports are about the same place: the same address, or coordinates within `maxDistanceM`. */
export function samePlace(a: Place, b: Place, maxDistanceM: number): PlaceMatch | undefined {
  const sameAddress = !!a.address && !!b.address && normaliseAddress(a.address) === normaliseAddress(b.address);
  const d = a.lat !== undefined && a.lon !== undefined && b.lat !== undefined && b.lon !== undefined ? distanceM({ lat: a.lat, lon: a.lon }, { lat: b.lat, lon: b.lon }) : null;
  if (sameAddress || (d !== null && d <= maxDistanceM)) return { sameAddress, distanceM: d === null ? null : Math.round(d) };
  return undefined;
}
