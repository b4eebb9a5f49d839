import { chance, int, pick, type Rng } from './random';

/**
 * Report texts built from templates with substitutions: a place, a problem phrase of the
 * category, how long it has lasted, who suffers and what is asked. Search benchmarks need text
 * that varies (bigrams of places, buildings, problems and circumstances) rather than one
 * sentence repeated a million times, and a category's words in its own cases.
 */

export type Language = 'zh' | 'en';

/** Problem phrases per sub-category: [Chinese…], [English…]. A top-level category borrows its children's. */
const PROBLEMS: Record<string, [string[], string[]]> = {
  'drainage.sewer': [['下水道堵塞，污水冒上来', '污水管道破损，污水外溢', '化粪池满了没人清掏', '楼下排水管堵死，厨房反水'], ['the sewer is blocked and sewage comes back up', 'a broken sewage pipe is leaking', 'the septic tank is full and overflowing', 'the drains are blocked and the kitchen floods']],
  'drainage.flooding': [['一下雨就积水，路面被淹', '地下车库内涝严重', '小区门口积水排不走'], ['the road floods every time it rains', 'the underground car park is waterlogged', 'water pools at the gate and never drains']],
  'drainage.manhole': [['井盖缺失，晚上很危险', '窨井盖松动，车一过就响', '雨水井盖破了一个大洞'], ['a manhole cover is missing', 'a loose manhole cover rattles under every car', 'a drain cover is broken and dangerous']],
  'roads.damage': [['路面坑坑洼洼，电动车经常摔倒', '人行道地砖松动破损', '马路上有个大坑一直没人修'], ['the road is full of potholes', 'paving stones on the pavement are broken', 'a large pothole has not been repaired']],
  'roads.lights': [['路灯不亮', '路灯坏了好几盏，晚上一片漆黑', '路灯白天一直亮着'], ['the street lights are out', 'several street lights are broken and it is pitch dark', 'the street lights stay on all day']],
  'roads.obstruction': [['建筑垃圾堆在马路上占道', '商户占道经营，行人只能走机动车道', '路边堆放杂物阻碍通行'], ['building rubble blocks the road', 'shops have taken over the pavement', 'junk piled by the road blocks the way']],
  'water.outage': [['突然停水，也没有通知', '连续两天没有自来水', '高楼层水压太低，经常没水'], ['the water was cut off without notice', 'there has been no tap water for two days', 'upper floors have almost no water pressure']],
  'water.quality': [['自来水发黄，有异味', '水质浑浊，烧开后有沉淀', '自来水有一股漂白粉味'], ['the tap water is yellow and smells', 'the water is cloudy and leaves sediment', 'the tap water smells strongly of chlorine']],
  'water.pipe': [['水管爆了，水流到路上', '楼道水管漏水好几天了', '地下供水管破裂'], ['a water main has burst onto the road', 'a pipe in the stairwell has leaked for days', 'an underground supply pipe is broken']],
  'water.billing': [['水费突然翻倍，水表可能有问题', '抄表员估抄水量，多收水费', '水表坏了不走字'], ['the water bill suddenly doubled, the meter may be faulty', 'the meter reading was estimated and we were overcharged', 'the water meter is broken']],
  'power.outage': [['小区频繁停电', '停电一整天了还没来电', '晚上经常跳闸断电'], ['the estate has frequent power cuts', 'the power has been off all day', 'the power trips every evening']],
  'power.lines': [['电线杆倾斜，随时可能倒下', '楼道里飞线充电很危险', '电缆裸露在外面'], ['a power pole is leaning and may fall', 'people charge e-bikes with cables run from windows', 'an exposed power cable hangs low']],
  'power.billing': [['电费比往年高很多，怀疑电表不准', '智能电表预付费扣费异常', '电费账单和实际用电不符'], ['the electricity bill is far higher than usual', 'the prepaid smart meter deducts too much', 'the bill does not match what we used']],
  'parking.illegal': [['车辆乱停乱放，占用消防通道', '有人长期占用消防通道停车', '路边乱停车，公交车过不去'], ['cars park in the fire lane', 'a car has blocked the fire lane for weeks', 'illegal parking blocks the bus route']],
  'parking.spaces': [['小区车位太少，晚上停不下', '停车位被外来车辆占用', '新建小区没有规划停车位'], ['there are too few parking spaces', 'outside cars take residents’ spaces', 'the new estate has no parking']],
  'parking.traffic': [['路口红绿灯坏了', '学校门口没有斑马线，孩子过马路危险', '信号灯时间太短，老人过不去'], ['the traffic lights at the junction are broken', 'there is no zebra crossing at the school gate', 'the pedestrian signal is too short for the elderly']],
  'property.service': [['物业服务差，保安不管事', '物业不作为，公共区域没人打扫', '物业公司对业主投诉不理不睬'], ['the property manager does nothing', 'the common areas are never cleaned', 'the property company ignores complaints']],
  'property.fees': [['物业费突然涨价，没有开业主大会', '物业乱收停车费', '物业收费不公开'], ['the property fee went up without a vote', 'the property company charges for parking without right', 'fees are not disclosed']],
  'property.lifts': [['电梯经常坏，还困过人', '电梯年检过期仍在使用', '电梯运行时异响'], ['the lift breaks down and has trapped people', 'the lift inspection has expired', 'the lift makes grinding noises']],
  'property.repairs': [['楼顶漏水，维修基金申请不下来', '外墙脱落，公共维修没人管', '单元门坏了很久没修'], ['the roof leaks and the repair fund is not released', 'render is falling off the facade', 'the entrance door has been broken for months']],
  'housing.renovation': [['老旧小区改造进度太慢', '老旧小区改造后管道又漏', '改造工程施工质量差'], ['the old-estate renovation is far behind schedule', 'pipes leak again after the renovation', 'the renovation work is poor quality']],
  'housing.safety': [['房屋墙体开裂，担心是危房', '楼板出现裂缝', '老房子屋顶塌了一角'], ['the walls are cracking, the building may be unsafe', 'cracks have appeared in the floor slab', 'part of an old roof has collapsed']],
  'housing.affordable': [['申请公租房一年多没有结果', '保障房分配不公平', '廉租房维修没人管'], ['a public-housing application has waited over a year', 'affordable housing is allocated unfairly', 'nobody repairs the public rental flats']],
  'urban-village.demolition': [['征收拆迁没有公示就要拆房', '强拆，补偿协议还没签', '征地范围和公告不一致'], ['houses are to be demolished without notice', 'demolition started before compensation was agreed', 'the requisition area differs from the notice']],
  'urban-village.compensation': [['拆迁补偿款迟迟不到位', '安置房一直没有交付', '回迁时间一拖再拖'], ['the demolition compensation is overdue', 'the resettlement flats have not been delivered', 'the return date keeps slipping']],
  'sanitation.garbage': [['垃圾站满了好几天没人清运', '垃圾桶满溢，臭味很大', '小区垃圾堆成山'], ['the rubbish point has not been emptied for days', 'the bins overflow and stink', 'rubbish is piling up in the estate']],
  'sanitation.cleaning': [['马路没人扫，落叶满地', '街道清扫不及时', '环卫工扫完的垃圾没拉走'], ['nobody sweeps the street', 'street cleaning is irregular', 'swept rubbish is left in piles']],
  'sanitation.toilets': [['公共厕所很脏，没有人打扫', '公厕晚上锁门', '公共厕所没有水'], ['the public toilet is filthy', 'the public toilet is locked at night', 'the public toilet has no water']],
  'noise.construction': [['工地夜间施工，噪音扰民', '凌晨还在施工，吵得睡不着', '施工噪音从早到晚'], ['a building site works through the night', 'construction goes on after midnight', 'construction noise all day long']],
  'noise.commercial': [['商铺大喇叭整天放音乐', '楼下酒吧深夜噪音', 'KTV噪音扰民'], ['a shop blares music from loudspeakers all day', 'a bar downstairs is loud late at night', 'a karaoke bar keeps residents awake']],
  'noise.square-dancing': [['广场舞音响太大声', '每天晚上跳广场舞到十点', '广场舞音箱对着居民楼'], ['square dancing music is far too loud', 'square dancing goes on until ten every night', 'the dancers point speakers at the flats']],
  'employment.wages': [['工地拖欠工资几个月', '老板欠薪跑路', '公司拖欠加班费'], ['wages on a building site are months overdue', 'the boss disappeared owing wages', 'the company has not paid overtime']],
  'employment.jobs': [['失业后想参加职业培训', '找工作没有渠道', '就业补贴申请不下来'], ['would like vocational training after losing a job', 'no help finding work', 'the employment subsidy application is stuck']],
  'employment.social-insurance': [['单位没有缴纳社保', '社保断缴影响落户', '社保转移手续办不下来'], ['the employer does not pay social insurance', 'a gap in social insurance blocks registration', 'the social insurance transfer is stuck']],
  'education.enrolment': [['孩子入学划片不合理', '随迁子女入学难', '学区房买了却不能入学'], ['school catchment areas are unfair', 'migrant children cannot get a school place', 'bought in the catchment area but no place']],
  'education.fees': [['老师有偿补课', '学校乱收费', '课后服务收费不透明'], ['teachers charge for private tutoring', 'the school levies unauthorised fees', 'after-school fees are not transparent']],
  'education.safety': [['校门口交通混乱', '孩子在学校被欺负', '学校周边小摊卖三无食品'], ['chaos at the school gate', 'a child is bullied at school', 'stalls near the school sell unlabelled food']],
  'medical.service': [['医院挂号排队太久', '住院部护士态度差', '社区医院缺药'], ['hospital queues are far too long', 'ward staff are rude', 'the community clinic is out of medicines']],
  'medical.insurance': [['医保报销比例不对', '异地就医报销不了', '医保卡被冒用'], ['the medical insurance reimbursement is wrong', 'treatment elsewhere cannot be reimbursed', 'someone misused a medical insurance card']],
  'medical.public-health': [['小区蚊子太多，希望消杀', '疫苗接种预约不上', '河沟发臭滋生蚊虫'], ['too many mosquitoes, please spray', 'cannot book a vaccination', 'a stinking ditch breeds mosquitoes']],
  'childcare.places': [['普惠托育托位太少', '托育机构名额满了', '附近没有托儿所'], ['too few subsidised nursery places', 'the nursery is full', 'there is no nursery nearby']],
  'childcare.safety': [['无证托育机构存在安全隐患', '托育机构没有灭火器', '托儿所护栏损坏'], ['an unlicensed nursery is unsafe', 'the nursery has no fire extinguishers', 'the nursery railings are broken']],
  'elderly.services': [['居家养老上门服务不到位', '敬老院条件差', '社区食堂停办，老人吃饭难'], ['home care visits do not happen', 'conditions in the care home are poor', 'the community canteen for the elderly closed']],
  'elderly.allowances': [['高龄补贴几个月没发', '养老金调整后反而少了', '高龄津贴申请被拒'], ['the old-age allowance has not been paid for months', 'the pension fell after the adjustment', 'the old-age allowance was refused']],
  'social-assistance.subsistence': [['低保申请被拒，家里实在困难', '低保金停发没有说明', '低保评定不公平'], ['a minimum-allowance application was refused', 'the minimum allowance stopped without explanation', 'the allowance assessment is unfair']],
  'social-assistance.disability': [['残疾证办理太慢', '残疾人补贴没有到位', '无障碍设施被占用'], ['the disability certificate takes forever', 'the disability subsidy has not arrived', 'the accessible ramp is blocked']],
  'social-assistance.hardship': [['家人大病，积蓄花光，申请临时救助', '突发火灾，急需救助', '困难家庭申请临时救助没有回音'], ['serious illness used up all savings, asking for relief', 'a fire left the family in urgent need', 'a hardship relief application has had no answer']],
  'business.licensing': [['营业执照办理来回跑', '审批材料反复要求补交', '一网通办系统无法提交'], ['getting a business licence takes endless visits', 'the approval keeps asking for more papers', 'the online service portal will not submit']],
  'business.environment': [['执法部门乱罚款', '对小店重复检查', '乱收费影响经营'], ['inspectors impose arbitrary fines', 'small shops are inspected again and again', 'arbitrary charges hurt business']],
  'market.food': [['买到过期食品', '餐馆卫生差，吃完拉肚子', '菜市场卖变质肉'], ['bought food past its expiry date', 'a restaurant made people ill', 'the market sells spoiled meat']],
  'market.prices': [['菜市场缺斤少两', '健身房办卡后跑路', '商家价格欺诈'], ['market traders give short weight', 'the gym closed after selling memberships', 'a shop misleads on prices']],
  'market.products': [['买到假货，商家不退', '家电质量问题厂家推诿', '网购产品质量差'], ['bought fakes and the shop refuses a refund', 'a faulty appliance and the maker will not help', 'poor-quality goods bought online']],
  'neighbourhood.dispute': [['楼上高空抛物', '邻居长期往楼下扔烟头', '邻里纠纷需要调解'], ['things are thrown from upper floors', 'a neighbour throws cigarette ends down', 'a dispute between neighbours needs mediation']],
  'neighbourhood.pets': [['遛狗不牵绳，吓到孩子', '邻居养狗整夜叫', '小区流浪狗伤人'], ['dogs are walked off the lead', 'a neighbour’s dog barks all night', 'a stray dog bit someone']],
  'neighbourhood.encroachment': [['楼顶私搭乱建', '一楼住户违建占用绿地', '违章建筑堵住消防通道'], ['an illegal structure on the roof', 'ground-floor residents built over the green space', 'an illegal shed blocks the fire escape']],
  'conduct.attitude': [['办事窗口工作人员态度恶劣', '打电话咨询被挂断', '干部态度差，不耐烦'], ['staff at the service window were rude', 'the hotline hung up on me', 'an official was impatient and dismissive']],
  'conduct.inaction': [['部门之间互相推诿，踢皮球', '反映多次没人处理', '村干部不作为'], ['departments pass the problem around', 'reported many times and nothing happens', 'village officials do nothing']],
  'conduct.corruption': [['办事要好处费', '村干部优亲厚友', '有人索要红包'], ['officials ask for a fee to do their job', 'village officials favour relatives', 'someone demanded a bribe']],
  other: [['图书馆开放时间咨询', '公交末班车太早', '希望增加社区活动场地'], ['asking about library opening hours', 'the last bus leaves too early', 'would like more space for community activities']],
};

const DURATION_ZH = ['今天早上开始', '已经两天了', '持续一个星期了', '半个多月了', '反映过好几次', '从上个月到现在'];
const DURATION_EN = ['since this morning', 'for two days now', 'for a week', 'for over a fortnight', 'despite several earlier reports', 'since last month'];
const IMPACT_ZH = ['老人小孩出行很不方便', '居民意见很大', '影响周边几十户居民', '存在安全隐患', '晚上睡不着觉', '附近商户生意受影响', '学生上下学很危险'];
const IMPACT_EN = ['elderly residents and children struggle', 'residents are very upset', 'dozens of households are affected', 'it is a safety hazard', 'nobody can sleep', 'nearby shops are losing business', 'pupils walk past it every day'];
const ASK_ZH = ['希望尽快处理。', '请相关部门尽快解决。', '盼复。', '请派人来看一下。', '希望给个说法。', '麻烦尽快安排。'];
const ASK_EN = ['Please deal with it soon.', 'Please send someone to look.', 'We hope for an answer.', 'Please fix it as soon as possible.', 'We ask the department to act.', 'Thank you for your help.'];
const WHEN_ZH = ['每天晚上', '早晚高峰', '周末', '下雨天', '凌晨', '白天'];
const WHEN_EN = ['every evening', 'at rush hour', 'at weekends', 'whenever it rains', 'in the small hours', 'during the day'];
const WHO_ZH = ['居民', '住户', '业主', '网格员', '楼栋长', '志愿者'];
const WHO_EN = ['a resident', 'a tenant', 'an owner', 'the grid worker', 'the building warden', 'a volunteer'];

export interface Place {
  nameZh: string;
  name: string;
}

export interface ReportText {
  title?: string;
  description: string;
  address: string;
  /** Words of the category in the text: what a classifier would cite. */
  evidence: string[];
}

/** The problem phrases of a category (a top-level one borrows a random child's). */
function problems(categoryId: string, children: ReadonlyMap<string, string[]>, rng: Rng): [string[], string[]] {
  const own = PROBLEMS[categoryId];
  if (own) return own;
  const kids = children.get(categoryId) ?? [];
  return PROBLEMS[kids.length ? pick(rng, kids) : 'other'] ?? PROBLEMS.other!;
}

export function reportText(rng: Rng, lang: Language, categoryId: string, children: ReadonlyMap<string, string[]>, place: Place): ReportText {
  const [zh, en] = problems(categoryId, children, rng);
  const building = int(rng, 1, 36);
  const unit = int(rng, 1, 6);
  if (lang === 'zh') {
    const problem = pick(rng, zh);
    const address = chance(rng, 0.7) ? `${place.nameZh}${building}栋${unit}单元` : `${place.nameZh}${pick(rng, ['东门', '西门', '南门', '北门', '菜市场旁', '幼儿园对面', '公交站旁'])}`;
    const parts = [`${address}${problem}，${pick(rng, DURATION_ZH)}`];
    if (chance(rng, 0.6)) parts.push(pick(rng, WHEN_ZH) + '尤其严重');
    parts.push(pick(rng, IMPACT_ZH));
    const description = `${pick(rng, WHO_ZH)}反映：${parts.join('，')}。${pick(rng, ASK_ZH)}`;
    const title = chance(rng, 0.85) ? `${place.nameZh}${problem.split('，')[0]}` : undefined;
    return { title, description, address, evidence: [problem.split('，')[0]!.slice(0, 6)] };
  }
  const problem = pick(rng, en);
  const address = chance(rng, 0.7) ? `Building ${building}, Unit ${unit}, ${place.name}` : `${pick(rng, ['East gate', 'West gate', 'Market corner', 'Bus stop', 'Opposite the kindergarten'])}, ${place.name}`;
  let description = `Reported by ${pick(rng, WHO_EN)} at ${address}: ${problem} ${pick(rng, DURATION_EN)}`;
  if (chance(rng, 0.6)) description += `, worst ${pick(rng, WHEN_EN)}`;
  description += `; ${pick(rng, IMPACT_EN)}. ${pick(rng, ASK_EN)}`;
  const title = chance(rng, 0.85) ? `${place.name}: ${problem}` : undefined;
  return { title, description, address, evidence: problem.split(' ').filter((w) => w.length > 4).slice(0, 2) };
}

const NOTE_ZH = ['已电话联系居民，约定上门时间', '已联系反映人，了解具体情况', '电话联系上居民，说明处理流程', '已与物业和居民沟通'];
const NOTE_EN = ['Called the resident and agreed a visit', 'Spoke to the reporter about the details', 'Phoned the resident and explained the process', 'Talked to the resident and the property manager'];
const FINDINGS_ZH = ['现场核实情况属实', '现场查看，问题已部分缓解', '现场核查，需要协调其他部门', '现场勘查完毕，已拍照取证'];
const FINDINGS_EN = ['Confirmed on site', 'Inspected: partly eased already', 'On site: needs another department too', 'Surveyed and photographed'];
const SUMMARY_ZH = ['已安排人员处理完毕', '已维修完成，居民确认', '已向居民解释相关政策', '已督促责任单位整改到位'];
const SUMMARY_EN = ['Dealt with by our team', 'Repaired; the resident confirmed', 'Explained the applicable rules to the resident', 'The responsible party has put it right'];
const RETURN_ZH = ['不属于本单位职责范围', '该区域不归我单位管辖', '应由属地街道处理'];
const RETURN_EN = ['Outside our remit', 'This area is not ours', 'The street office should handle this'];
const COMMENT_ZH = ['处理及时，很满意', '基本解决了', '问题没有解决', '态度不错，但还没彻底解决'];
const COMMENT_EN = ['Quick and helpful', 'Mostly sorted', 'Not fixed at all', 'Polite, but not fully fixed'];
const PAUSE_ZH = ['等待配件到货', '居民外出，暂时无法上门', '需等待天气好转施工'];
const PAUSE_EN = ['Waiting for parts', 'The resident is away', 'Waiting for dry weather to work'];

/** The short texts of the department's, supervisor's and resident's actions, in the case's language. */
export const actionText = {
  note: (rng: Rng, lang: Language) => pick(rng, lang === 'zh' ? NOTE_ZH : NOTE_EN),
  findings: (rng: Rng, lang: Language) => pick(rng, lang === 'zh' ? FINDINGS_ZH : FINDINGS_EN),
  summary: (rng: Rng, lang: Language) => pick(rng, lang === 'zh' ? SUMMARY_ZH : SUMMARY_EN),
  returnReason: (rng: Rng, lang: Language) => pick(rng, lang === 'zh' ? RETURN_ZH : RETURN_EN),
  comment: (rng: Rng, lang: Language) => pick(rng, lang === 'zh' ? COMMENT_ZH : COMMENT_EN),
  pauseReason: (rng: Rng, lang: Language) => pick(rng, lang === 'zh' ? PAUSE_ZH : PAUSE_EN),
};

const CADRES = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨磊', '赵军', '黄敏', 'Zhou Tao', 'Wu Jie', 'Xu Ming', 'Sun Li'];
export const cadres = (rng: Rng): string[] => (chance(rng, 0.6) ? [pick(rng, CADRES)] : [pick(rng, CADRES.slice(0, 6)), pick(rng, CADRES.slice(6))]);

const SURNAMES_ZH = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙'];
const GIVEN_ZH = ['先生', '女士', '阿姨', '师傅', '大爷'];
export const reporterName = (rng: Rng, lang: Language): string =>
  lang === 'zh' ? pick(rng, SURNAMES_ZH) + pick(rng, GIVEN_ZH) : `${pick(rng, ['Mr', 'Ms', 'Mrs'])} ${pick(rng, ['Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Yang'])}`;
export const phone = (rng: Rng): string => `1${pick(rng, ['33', '35', '38', '39', '50', '58', '77', '86', '89'])}${String(rng.u32() % 100_000_000).padStart(8, '0')}`;
