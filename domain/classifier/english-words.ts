/**
 * One normal form per English word, so that a dictionary term written once ("blocked drain")
 * also matches "drains blocked", "blocking the drain" and "neighbour's"/"neighbor's": residents'
 * inflections and British or American spellings should not decide whether a case is understood.
 *
 * The stem is the Porter algorithm's inflectional steps only (plurals, -ed/-ing, final -e, -y):
 * derivational suffixes (-ion, -ment, -ness) are left alone because they often change the
 * meaning a dispatcher cares about ("management" is not "manage").
 */

/** British and American spellings of words a hotline hears; both sides become the American one. */
const SPELLING: Record<string, string> = {
  colour: 'color', neighbour: 'neighbor', neighbours: 'neighbors', neighbourhood: 'neighborhood', labour: 'labor',
  odour: 'odor', odours: 'odors', behaviour: 'behavior', harbour: 'harbor', rumour: 'rumor', vapour: 'vapor',
  favour: 'favor', honour: 'honor', flavour: 'flavor', centre: 'center', centres: 'centers', theatre: 'theater', fibre: 'fiber', kerb: 'curb', kerbs: 'curbs',
  tyre: 'tire', tyres: 'tires', aluminium: 'aluminum', licence: 'license', licences: 'licenses', defence: 'defense',
  offence: 'offense', programme: 'program', programmes: 'programs', storey: 'story', storeys: 'stories', grey: 'gray',
  mould: 'mold', mouldy: 'moldy', paediatric: 'pediatric', paediatrician: 'pediatrician', anaemia: 'anemia',
  faeces: 'feces', diarrhoea: 'diarrhea', haemorrhage: 'hemorrhage', oesophagus: 'esophagus', manoeuvre: 'maneuver',
  jewellery: 'jewelry', pyjamas: 'pajamas', plough: 'plow', sceptical: 'skeptical', enrol: 'enroll', enrols: 'enrolls',
  enrolment: 'enrollment', enrolments: 'enrollments', instalment: 'installment', instalments: 'installments',
  fulfil: 'fulfill', cheque: 'check', cheques: 'checks', gaol: 'jail', practise: 'practice', cosy: 'cozy', sulphur: 'sulfur',
  analyse: 'analyze', paralysed: 'paralyzed', paralyse: 'paralyze', catalogue: 'catalog', dialogue: 'dialog',
  judgement: 'judgment', ageing: 'aging', draught: 'draft',
  // Misspellings residents often type.
  electrisity: 'electricity', electricty: 'electricity', eletricity: 'electricity', elecricity: 'electricity',
  electricy: 'electricity', garbege: 'garbage', rubish: 'rubbish', neigbour: 'neighbor', neibour: 'neighbor',
  nieghbour: 'neighbor', neigbor: 'neighbor', nieghbor: 'neighbor', managment: 'management', maintainance: 'maintenance',
  maintenence: 'maintenance', goverment: 'government', salery: 'salary', sallary: 'salary', compansation: 'compensation',
  elevater: 'elevator', sewege: 'sewage', seweage: 'sewage', polution: 'pollution', enviroment: 'environment',
  recieve: 'receive', recieved: 'received', dissabled: 'disabled', disabeld: 'disabled', kindergarden: 'kindergarten',
  accomodation: 'accommodation', untill: 'until', stret: 'street', streat: 'street', presure: 'pressure', preasure: 'pressure',
  watter: 'water', wather: 'water', garentee: 'guarantee', gaurantee: 'guarantee', rediculous: 'ridiculous',
  // Irregular plurals that the rules below cannot see.
  children: 'child', men: 'man', women: 'woman', feet: 'foot', teeth: 'tooth', mice: 'mouse', buses: 'bus',
  gases: 'gas', leaves: 'leaf', knives: 'knife', wives: 'wife', lives: 'life', shelves: 'shelf', thieves: 'thief',
  halves: 'half', loaves: 'loaf',
};

/** "-ise" verbs written "-ize" in American English; the root list avoids "noise", "raise", "premise". */
const ISE_ROOT = /^(organ|real|apolog|recogn|subsid|author|sanit|prior|util|minim|maxim|critic|emphas|summar|categor|final|standard|civil|hospital|legal|modern|mobil|neutral|penal|special|stabil|fertil|steril|vandal|computer|digit|memor|jeopard|scrutin|character|familiar|central|privat|local|optim|harmon|sympath|terror)is(e|ed|es|ing|ation|ations)$/;

/** Words whose inflected form names something else: a car park is not parking (nor parked), being fired is not a fire, housing is not a house, indoor lights are not street lighting, news is not new. */
const KEEP = new Set(['parking', 'parked', 'fired', 'housing', 'lighting', 'news', 'heating', 'evening', 'during', 'nothing', 'something', 'anything', 'everything', 'thing', 'things', 'bus', 'gas', 'always', 'perhaps', 'series', 'species', 'lens', 'is', 'was', 'has', 'his', 'this', 'us', 'as', 'yes', 'its']);

const isVowelAt = (w: string, i: number): boolean => /[aeiou]/.test(w[i]!) || (w[i] === 'y' && i > 0 && !isVowelAt(w, i - 1));
const hasVowel = (w: string) => [...w].some((_, i) => isVowelAt(w, i));

/** Porter's measure: the number of vowel-consonant sequences. */
function measure(w: string): number {
  let m = 0;
  for (let i = 1; i < w.length; i++) if (!isVowelAt(w, i) && isVowelAt(w, i - 1)) m++;
  return m;
}

/** Consonant-vowel-consonant at the end, the last not w, x or y ("hop", not "bow"). */
const endsCvc = (w: string): boolean => {
  const n = w.length;
  return n >= 3 && !isVowelAt(w, n - 1) && isVowelAt(w, n - 2) && !isVowelAt(w, n - 3) && !/[wxy]/.test(w[n - 1]!);
};
const endsDouble = (w: string): boolean => w.length >= 2 && w[w.length - 1] === w[w.length - 2] && !isVowelAt(w, w.length - 1);

function stem(word: string): string {
  let w = word;
  // Step 1a: plurals.
  if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('ies') && w.length > 4) w = w.slice(0, -2);
  else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is') && w.length > 3) w = w.slice(0, -1);
  // Step 1b: -ed, -ing.
  if (w.endsWith('eed')) {
    if (measure(w.slice(0, -3)) > 0) w = w.slice(0, -1);
  } else {
    const suffix = w.endsWith('ed') ? 2 : w.endsWith('ing') ? 3 : 0;
    const base = w.slice(0, w.length - suffix);
    if (suffix && hasVowel(base) && base.length >= 2) {
      w = base;
      if (/(at|bl|iz)$/.test(w)) w += 'e';
      else if (endsDouble(w) && !/[lsz]$/.test(w)) w = w.slice(0, -1);
      else if (measure(w) === 1 && endsCvc(w)) w += 'e';
    }
  }
  // Step 1c: "city" and "cities" meet at "citi".
  if (w.endsWith('y') && hasVowel(w.slice(0, -1)) && w.length > 2) w = w.slice(0, -1) + 'i';
  // Step 5: a final e ("damage" and "damaged" meet), but not down to two letters ("ate" is not "at").
  if (w.endsWith('e') && w.length > 3) {
    const m = measure(w.slice(0, -1));
    if (m > 1 || (m === 1 && !endsCvc(w.slice(0, -1)))) w = w.slice(0, -1);
  }
  if (measure(w) > 1 && w.endsWith('ll')) w = w.slice(0, -1);
  return w;
}

/** The normal form of one lower-case English word ("neighbours'" and "neighbor" meet). */
export function normaliseWord(raw: string): string {
  let w = raw.replace(/’/g, "'").replace(/'s$|'$/, '');
  if (KEEP.has(w) || w.length <= 2 || /\d/.test(w)) return w;
  w = SPELLING[w] ?? w.replace(ISE_ROOT, (_, root: string, end: string) => `${root}iz${end}`);
  const stemmed = stem(w);
  return SPELLING[stemmed] ?? stemmed;
}

/**
 * Articles, left out so "parked on the pavement" matches "parked on pavement". Possessives stay:
 * "my shop" says who owns it, and "blocking my" must not shrink to "blocking".
 */
export const FILLER_WORDS = new Set(['the', 'a', 'an']);
