import { describe, expect, it } from 'vitest';
import { rootCategory } from '../../domain/categories';
import { keywordClassifier } from '../../domain/classifier/keyword-classifier';
import { directory, policyWith } from './fixtures';

/**
 * The demo city's dictionary knows everyday ways of saying each problem, not only the wording of
 * the labelled set: these sentences were written for this test and are not in it.
 */
const classifier = keywordClassifier(directory);
const branchOf = (text: string) => {
  const { categoryId } = classifier.classify({ text });
  return categoryId === null ? null : rootCategory(directory, categoryId);
};

describe('the demo city vocabulary', () => {
  it.each([
    ['单元门口的井盖松动了，踩上去哐哐响', 'drainage'],
    ['小区污水横流，臭水都漫到路上了', 'drainage'],
    ['我们楼停了水，一滴水都没有', 'water'],
    ['电线垂下来快碰到头了，还冒火花', 'power'],
    ['The bins on our street are overflowing and the rubbish has not been collected', 'sanitation'],
    ['The streetlamps on our lane are flickering and it is too dark at night', 'roads'],
    ['My boss has not paid us for three months, he owes us our wages', 'employment'],
    ['Construction work goes on at night, drilling noise until 2am', 'noise'],
    ['他们说要先收好处费才能办下来', 'conduct'],
    // Dialect, misspellings, full-width letters and inflections the dictionary does not list.
    ['我们这里又停哒电，冰箱里的菜都坏哒', 'power'],
    ['Can I pay my electrisity bill at the post office?', 'power'],
    ['楼下ＫＴＶ唱到三点', 'noise'],
    ['The drains in our lane were blocked again and sewage is bubbling out', 'drainage'],
  ])('%s → %s', (text, branch) => {
    expect(branchOf(text)).toBe(branch);
  });

  // How residents describe a problem rather than name it: the symptom, in everyday words.
  it.each([
    ['Every time the people upstairs flush, dirty water backs up into our shower', 'drainage'],
    ['我家地漏老是往上冒脏水，卫生间臭得进不去', 'drainage'],
    ['后面那条小水沟被垃圾堵住了，一下雨就漫出来', 'drainage'],
    ['The speed bump is broken and the bolts are sticking out', 'roads'],
    ['村口那座小桥的护栏掉了，桥面坑坑洼洼', 'roads'],
    ['Water is gushing out of the ground next to the fire hydrant', 'water'],
    ['The electricity substation behind our flats makes a loud buzzing noise all the time', 'power'],
    ['有人从五楼拉电线下来给电动车充电，太危险了', 'power'],
    ['How can our old building apply to have an elevator installed?', 'housing'],
    ['交房时间过了半年，开发商还是交不了房', 'housing'],
    ['Our village is on the redevelopment list but nobody tells us when it will happen', 'urban-village'],
    ['老板说我试用期没过，押金也不退给我', 'employment'],
    ['The delivery platform docks our pay for every late order', 'employment'],
    ['My wallet was stolen and I have no money to get home to my hometown', 'social-assistance'],
    ['被猫抓了，哪里可以打狂犬疫苗', 'medical'],
    ['The family across the hall installed a camera aimed right at our front door', 'neighbourhood'],
    ['楼上天天半夜拖桌子椅子，咚咚咚的', 'noise'],
    ['出租车司机不打表，开口就要一百', 'market'],
    ['刚送来的煤气罐漏气，送气的不管', 'market'],
    ['市场管理方乱收摊位费、卫生费，我们摆摊的受不了', 'business'],
    ['居民楼里开了个托管班，二十多个小孩挤在一起', 'childcare'],
    ['Which bus line goes to the railway station?', 'other'],
  ])('routes a description of the symptom at the demo policy\'s threshold: %s → %s', (text, branch) => {
    expect(branchOf(text)).toBe(branch);
    expect(classifier.classify({ text }).confidence).toBeGreaterThanOrEqual(policyWith().autoRouteConfidence);
  });

  it('does not let a word that other problems share outvote the problem ("overflowing", "cracked", "grinding", "砸", a negated "rain")', () => {
    const suggested = (text: string) => classifier.classify({ text }).suggestions.map((s) => rootCategory(directory, s.categoryId));
    expect(suggested('The sewer behind building 3 is blocked and overflowing')).not.toContain('sanitation');
    expect(suggested('The bins on our street are overflowing and the rubbish has not been collected')).not.toContain('drainage');
    expect(branchOf('The drain cover by the school gate is cracked')).toBe('drainage');
    expect(branchOf('the lift makes a grinding noise and stops between floors')).toBe('property');
    expect(branchOf('外墙的瓷砖往下掉，砸坏了楼下的车')).toBe('property');
    expect(branchOf('Water keeps coming up out of the road though it has not rained')).toBe('water');
    expect(suggested('Water keeps coming up out of the road though it has not rained')).not.toContain('drainage');
  });

  it('reads pinyin typed for a core word and the dialect\'s 冇得 ("xiashuidao", "冇得路灯")', () => {
    expect(branchOf('我家xiashuidao又堵了')).toBe('drainage');
    expect(branchOf('小区门口ludeng坏了一个星期')).toBe('roads');
    expect(branchOf('巷子里冇得路灯，晚上看不见路')).toBe('roads');
    expect(branchOf('小区冇得车位，天天停路边')).toBe('parking');
  });

  it('keeps a longer phrase as negation-aware as the term it extends ("不是水管爆了")', () => {
    expect(branchOf('不是水管爆了，是一下大雨门口那段路就积水')).toBe('drainage');
  });

  it('does not let a question word or a landmark decide ("请问", "楼下", "downstairs")', () => {
    expect(classifier.classify({ text: '请问楼下那个' }).categoryId).toBeNull();
    expect(classifier.classify({ text: 'Where can I ask about the one downstairs?' }).categoryId).toBeNull();
  });

  it('sends a text that only names a branch, or a generic word, to a person at the demo policy\'s threshold', () => {
    const threshold = policyWith().autoRouteConfidence;
    for (const text of ['please come and look at the sewer behind the market', 'Something is wrong near the gate, please come and look', 'Please help with a problem']) {
      expect(classifier.classify({ text }).confidence).toBeLessThan(threshold);
    }
    expect(classifier.classify({ text: 'The sewer behind building 3 is blocked and overflowing' }).confidence).toBeGreaterThanOrEqual(threshold);
  });

  it('does not count a word that is everywhere in complaints ("小区", "出行困难", an address\'s "Road")', () => {
    expect(classifier.classify({ text: '小区噪音扰民，晚上施工' }).suggestions.map((s) => s.categoryId)).toEqual(['noise.construction']);
    expect(branchOf('西湖社区3栋旁下水道堵塞，居民出行困难')).toBe('drainage');
    expect(classifier.classify({ text: 'Dogs barking on Chengbei Road' }).suggestions.map((s) => s.categoryId)).toEqual(['neighbourhood.pets']);
  });

  it('is sure of a precise phrase at least as much as of the word inside it ("井盖翘起来" and "井盖")', () => {
    const phrase = classifier.classify({ text: '路口的井盖翘起来了' });
    expect(phrase.categoryId).toBe('drainage.manhole');
    expect(phrase.confidence).toBeGreaterThanOrEqual(classifier.classify({ text: '路口的井盖' }).confidence);
  });

  it('does not take a weather warning for a flood', () => {
    expect(branchOf('气象台说明天有暴雨黄色预警吗')).not.toBe('drainage');
  });
});
