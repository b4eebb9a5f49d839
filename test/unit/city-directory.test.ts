import { describe, expect, it } from 'vitest';
import demoCity from '../../config/demo-city.json';
import { route } from '../../domain/routing';
import { Directory } from '../../schema/directory';
import { buildCityDirectory } from '../../bench/city-history/city-directory';
import { createRng, uuid4 } from '../../bench/city-history/random';

describe('the scaled city directory for benchmarks', () => {
  const dir = buildCityDirectory();
  const count = (level: string) => dir.jurisdictions.filter((j) => j.level === level).length;

  it('is a valid directory of a big city, with the demo taxonomy, calendar and places', () => {
    expect(Directory.safeParse(dir).success).toBe(true);
    expect([count('city'), count('district'), count('street')]).toEqual([1, 12, 150]);
    expect(count('community')).toBeGreaterThan(1400);
    expect(count('community')).toBeLessThan(1600);
    expect(dir.departments).toHaveLength(40);
    expect(new Set(dir.jurisdictions.map((j) => j.id)).size).toBe(dir.jurisdictions.length);
    const demo = Directory.parse(demoCity);
    expect(dir.categories).toEqual(demo.categories);
    expect(dir.calendar).toEqual(demo.calendar);
    for (const j of demo.jurisdictions) expect(dir.jurisdictions).toContainEqual(j);
  });

  it('routes every category to a known department from every street and community', () => {
    const departments = new Set(dir.departments.map((d) => d.id));
    const places = dir.jurisdictions.filter((j) => j.level === 'street' || j.level === 'community');
    const unrouted: string[] = [];
    for (const place of places) {
      for (const category of dir.categories) {
        const r = route(dir, category.id, place.id);
        if (r.departmentId === null || !departments.has(r.departmentId)) unrouted.push(`${category.id}@${place.id}`);
      }
    }
    expect(unrouted).toEqual([]);
  });

  it('is the same on every call, so the query benchmark rebuilds it without a file', () => {
    expect(buildCityDirectory()).toEqual(dir);
  });

  it('mints event ids as version-4 UUIDs, the same for the same seed', () => {
    const ids = Array.from({ length: 1000 }, ((rng) => () => uuid4(rng))(createRng(42, 7)));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(1000);
    expect(uuid4(createRng(42, 7))).toBe(ids[0]);
    expect(uuid4(createRng(42, 8))).not.toBe(ids[0]);
  });
});
