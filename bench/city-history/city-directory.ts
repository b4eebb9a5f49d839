import demoCity from '../../config/demo-city.json';
import { Directory, type DirectoryInput } from '../../schema/directory';
import { createRng, int, pick, type Rng } from './random';

/**
 * The demo city (Changde) at the size of a real prefecture-level city: 12 districts and
 * counties, 150 streets and towns, about 1,500 communities and villages and 40 departments.
 * It keeps the demo's taxonomy, calendar and ids (its districts, streets and communities are
 * among the larger city's, so demo tokens and fixtures still name real places), and is built
 * in code from a fixed seed so the query benchmark rebuilds the identical directory without a
 * file. Every category routes somewhere from every place: there is a city-wide rule for each
 * top-level category, and district rules in front of some of them.
 */

const demo = Directory.parse(demoCity);

/** [id, zh, en, streets, kind]: urban districts have streets (街道), counties towns (镇). */
const DISTRICTS: [string, string, string, number, 'district' | 'county'][] = [
  ['wuling', '武陵区', 'Wuling District', 20, 'district'],
  ['dingcheng', '鼎城区', 'Dingcheng District', 18, 'district'],
  ['lixian', '澧县', 'Li County', 17, 'county'],
  ['taoyuan', '桃源县', 'Taoyuan County', 14, 'county'],
  ['shimen', '石门县', 'Shimen County', 13, 'county'],
  ['hanshou', '汉寿县', 'Hanshou County', 13, 'county'],
  ['anxiang', '安乡县', 'Anxiang County', 12, 'county'],
  ['linli', '临澧县', 'Linli County', 11, 'county'],
  ['jinshi', '津市市', 'Jinshi City', 10, 'district'],
  ['changde-etdz', '常德经济技术开发区', 'Changde Economic Development Zone', 9, 'district'],
  ['liuyehu', '柳叶湖旅游度假区', 'Liuyehu Resort', 7, 'district'],
  ['xidongting', '西洞庭管理区', 'Xidongting Zone', 6, 'county'],
];

// Place names are two syllables from these lists (480 pairs), as many Chinese place names are.
const FIRST: [string, string][] = [
  ['东', 'dong'], ['西', 'xi'], ['南', 'nan'], ['北', 'bei'], ['白', 'bai'], ['青', 'qing'], ['金', 'jin'], ['石', 'shi'],
  ['龙', 'long'], ['凤', 'feng'], ['桃', 'tao'], ['柳', 'liu'], ['花', 'hua'], ['新', 'xin'], ['长', 'chang'], ['高', 'gao'],
  ['安', 'an'], ['永', 'yong'], ['河', 'he'], ['双', 'shuang'], ['丹', 'dan'], ['黄', 'huang'], ['太', 'tai'], ['德', 'de'],
];
const SECOND: [string, string][] = [
  ['山', 'shan'], ['湖', 'hu'], ['桥', 'qiao'], ['岭', 'ling'], ['坪', 'ping'], ['港', 'gang'], ['洲', 'zhou'], ['溪', 'xi'],
  ['阳', 'yang'], ['塘', 'tang'], ['林', 'lin'], ['口', 'kou'], ['岗', 'gang'], ['园', 'yuan'], ['泉', 'quan'], ['江', 'jiang'],
  ['家', 'jia'], ['峰', 'feng'], ['湾', 'wan'], ['田', 'tian'],
];
const SURNAMES = ['Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Yang', 'Zhao', 'Huang', 'Zhou', 'Wu', 'Xu', 'Sun', 'Hu', 'Zhu', 'Gao', 'Lin', 'He', 'Guo', 'Ma', 'Luo'];
const GIVEN = ['Wei', 'Fang', 'Min', 'Jing', 'Lei', 'Jun', 'Yang', 'Yong', 'Yan', 'Jie', 'Tao', 'Ming', 'Chao', 'Xia', 'Hua', 'Ping', 'Gang', 'Hui', 'Li', 'Qiang'];

/** City bureaus: [id, zh, en]. The first four are the demo's. */
const CITY_DEPARTMENTS: [string, string, string][] = [
  ['changde-municipal-works', '常德市市政工程管理处', 'Changde Municipal Works Department'],
  ['changde-water', '常德市供水公司', 'Changde Water Supply Company'],
  ['changde-power', '国网常德供电公司', 'Changde Power Supply Company'],
  ['changde-letters-visits', '常德市信访局', 'Changde Letters and Visits Bureau'],
  ['changde-housing', '常德市住房和城乡建设局', 'Changde Housing and Urban-Rural Development Bureau'],
  ['changde-human-resources', '常德市人力资源和社会保障局', 'Changde Human Resources and Social Security Bureau'],
  ['changde-education', '常德市教育局', 'Changde Education Bureau'],
  ['changde-health', '常德市卫生健康委员会', 'Changde Health Commission'],
  ['changde-civil-affairs', '常德市民政局', 'Changde Civil Affairs Bureau'],
  ['changde-market-regulation', '常德市市场监督管理局', 'Changde Market Regulation Bureau'],
  ['changde-government-services', '常德市政务服务中心', 'Changde Government Services Centre'],
  ['changde-urban-management', '常德市城市管理和综合执法局', 'Changde Urban Management Bureau'],
  ['changde-traffic-police', '常德市公安局交通警察支队', 'Changde Traffic Police'],
  ['changde-medical-security', '常德市医疗保障局', 'Changde Medical Security Bureau'],
  ['changde-natural-resources', '常德市自然资源和规划局', 'Changde Natural Resources and Planning Bureau'],
  ['changde-ecology', '常德市生态环境局', 'Changde Ecology and Environment Bureau'],
];

/** City-wide rules: [category, lead, fallbacks, assisting]. One for every top-level category. */
const CITY_RULES: [string, string, string[], string[]][] = [
  ['drainage', 'changde-municipal-works', ['changde-urban-management'], []],
  ['drainage.flooding', 'changde-municipal-works', ['changde-urban-management'], ['changde-urban-management']],
  ['roads', 'changde-municipal-works', ['changde-urban-management'], []],
  ['roads.lights', 'changde-power', ['changde-municipal-works'], []],
  ['roads.obstruction', 'changde-urban-management', ['changde-traffic-police'], []],
  ['water', 'changde-water', ['changde-municipal-works'], []],
  ['power', 'changde-power', [], []],
  ['parking', 'changde-traffic-police', ['changde-urban-management'], []],
  ['property', 'changde-housing', ['changde-urban-management'], []],
  ['housing', 'changde-housing', ['changde-natural-resources'], []],
  ['urban-village', 'changde-natural-resources', ['changde-housing'], ['changde-housing']],
  ['sanitation', 'changde-urban-management', [], []],
  ['noise', 'changde-ecology', ['changde-urban-management'], []],
  ['employment', 'changde-human-resources', [], []],
  ['education', 'changde-education', [], []],
  ['medical', 'changde-health', [], []],
  ['medical.insurance', 'changde-medical-security', ['changde-health'], []],
  ['childcare', 'changde-health', ['changde-education'], []],
  ['elderly', 'changde-civil-affairs', [], []],
  ['social-assistance', 'changde-civil-affairs', [], []],
  ['business', 'changde-government-services', ['changde-market-regulation'], []],
  ['market', 'changde-market-regulation', [], []],
  ['neighbourhood', 'changde-letters-visits', [], []],
  ['conduct', 'changde-letters-visits', [], []],
  ['other', 'changde-government-services', [], []],
];

/** In front of the city rules in each district: [category, which district department, city fallback]. */
const DISTRICT_RULES: [string, 'urban-management' | 'housing', string][] = [
  ['sanitation', 'urban-management', 'changde-urban-management'],
  ['noise', 'urban-management', 'changde-ecology'],
  ['parking.illegal', 'urban-management', 'changde-traffic-police'],
  ['roads.obstruction', 'urban-management', 'changde-urban-management'],
  ['neighbourhood.encroachment', 'urban-management', 'changde-urban-management'],
  ['property', 'housing', 'changde-housing'],
  ['housing.renovation', 'housing', 'changde-housing'],
];

const leaderName = (rng: Rng) => `${pick(rng, SURNAMES)} ${pick(rng, GIVEN)}`;

/** The scaled city. Deterministic: the same directory on every call and every machine. */
export function buildCityDirectory(): Directory {
  const rng = createRng(20260101, 7);
  const demoById = new Map(demo.jurisdictions.map((j) => [j.id, j]));
  const city = demo.jurisdictions.find((j) => j.level === 'city')!;
  const jurisdictions: DirectoryInput['jurisdictions'] = [city];
  const ids = new Set<string>(demo.jurisdictions.map((j) => j.id));
  const unique = (base: string) => {
    let id = base;
    for (let n = 2; ids.has(id); n++) id = `${base}-${n}`;
    ids.add(id);
    return id;
  };
  // Pairs visited with a stride coprime to 480, so neighbouring places do not share a syllable.
  let cursor = 0;
  const nextName = (): [string, string] => {
    cursor = (cursor + 97) % (FIRST.length * SECOND.length);
    const [fz, fp] = FIRST[Math.floor(cursor / SECOND.length)]!;
    const [sz, sp] = SECOND[cursor % SECOND.length]!;
    return [fz + sz, fp + sp];
  };
  const title = (s: string) => s[0]!.toUpperCase() + s.slice(1);

  for (const [districtId, zh, en, streets, kind] of DISTRICTS) {
    const kept = demoById.get(districtId);
    jurisdictions.push(kept ?? { id: districtId, parentId: city.id, level: 'district', name: en, nameZh: zh, leader: `Deputy ${kind === 'county' ? 'County' : 'District'} Head ${leaderName(rng)}` });
    const keptStreets = demo.jurisdictions.filter((j) => j.parentId === districtId && j.level === 'street');
    for (let s = 0; s < streets; s++) {
      let street = keptStreets[s];
      if (!street) {
        const [nz, np] = nextName();
        const town = kind === 'county' && s > 1;
        street = {
          id: unique(`${districtId}-${np}`),
          parentId: districtId,
          level: 'street',
          name: `${title(np)} ${town ? 'Town' : 'Street'}`,
          nameZh: `${nz}${town ? '镇' : '街道'}`,
          leader: `Street Secretary ${leaderName(rng)}`,
        };
      }
      jurisdictions.push(street);
      const keptCommunities = demo.jurisdictions.filter((j) => j.parentId === street.id && j.level === 'community');
      const count = Math.max(keptCommunities.length, int(rng, 6, 14));
      for (let c = 0; c < count; c++) {
        const keptCommunity = keptCommunities[c];
        if (keptCommunity) {
          jurisdictions.push(keptCommunity, ...demo.jurisdictions.filter((j) => j.parentId === keptCommunity.id));
          continue;
        }
        const [nz, np] = nextName();
        const village = street.nameZh.endsWith('镇') && c % 3 !== 0;
        jurisdictions.push({
          id: unique(`${street.id}-${np}`),
          parentId: street.id,
          level: 'community',
          name: `${title(np)} ${village ? 'Village' : 'Community'}`,
          nameZh: `${nz}${village ? '村' : '社区'}`,
        });
      }
    }
  }

  const departments: DirectoryInput['departments'] = CITY_DEPARTMENTS.map(([id, nameZh, name]) => ({ id, name, nameZh, jurisdictionId: city.id }));
  for (const [districtId, zh, en] of DISTRICTS) {
    departments.push(
      { id: `${districtId}-urban-management`, name: `${en} Urban Management Bureau`, nameZh: `${zh}城市管理局`, jurisdictionId: districtId },
      { id: `${districtId}-housing`, name: `${en} Housing Bureau`, nameZh: `${zh}住房和城乡建设局`, jurisdictionId: districtId },
    );
  }

  const routingRules: DirectoryInput['routingRules'] = CITY_RULES.map(([categoryId, lead, fallbacks, assisting]) => ({
    id: `${categoryId}@${city.id}`,
    categoryId,
    jurisdictionId: city.id,
    leadDepartmentId: lead,
    fallbackDepartmentIds: fallbacks,
    assistingDepartmentIds: assisting,
  }));
  for (const [districtId] of DISTRICTS) {
    for (const [categoryId, which, fallback] of DISTRICT_RULES) {
      routingRules.push({
        id: `${categoryId}@${districtId}`,
        categoryId,
        jurisdictionId: districtId,
        leadDepartmentId: `${districtId}-${which}`,
        fallbackDepartmentIds: [fallback],
        assistingDepartmentIds: [],
      });
    }
  }

  return Directory.parse({
    city: demo.city,
    jurisdictions,
    departments,
    categories: demo.categories,
    routingRules,
    calendar: demo.calendar,
  } satisfies DirectoryInput);
}
