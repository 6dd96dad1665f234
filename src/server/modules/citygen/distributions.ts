// Every rate and table the synthetic city generator draws from, each with where the figure comes
// from or a note that it is an assumption. docs/synthetic-city.md explains them in prose.
// Figures marked "approximate" are rounded from published statistics as remembered, not copied
// from a dataset: they make the city plausible, they are not official statistics.

// --- Districts -----------------------------------------------------------------------------------

export type DistrictProfile = {
  code: string;
  /** Short name used in enterprise and school names. */
  short: string;
  /** Resident population at the end of 2022 (常住人口, 万人), approximate. */
  population: number;
  /** Share of residents living in urban communities (社区) rather than villages (村); assumption. */
  urbanShare: number;
  /** One of the nine central urban districts (中心城区). */
  core: boolean;
  /** One of the 14 former national poverty counties (原国家扶贫开发重点县), all lifted out by 2020. */
  formerPovertyCounty: boolean;
  /** Main rivers under the 2021 ten-year fishing ban that run through the district. */
  rivers: readonly string[];
};

// Source: Chongqing Statistical Yearbook 2023 / district 2022 statistical communiqués, resident
// population at year-end 2022, rounded (approximate; the city total is about 3,213万).
// urbanShare: assumption, close to the published district urbanisation rates (city ≈ 71% in 2022).
// Rivers: geography (长江 Yangtze, 嘉陵江 Jialing, 乌江 Wu).
export const DISTRICTS: readonly DistrictProfile[] = [
  { code: '500101', short: '万州', population: 156.4, urbanShare: 0.7, core: false, formerPovertyCounty: true, rivers: ['长江'] },
  { code: '500102', short: '涪陵', population: 111.9, urbanShare: 0.71, core: false, formerPovertyCounty: false, rivers: ['长江', '乌江'] },
  { code: '500103', short: '渝中', population: 58.9, urbanShare: 1, core: true, formerPovertyCounty: false, rivers: ['长江', '嘉陵江'] },
  { code: '500104', short: '大渡口', population: 42.2, urbanShare: 0.97, core: true, formerPovertyCounty: false, rivers: ['长江'] },
  { code: '500105', short: '江北', population: 92.9, urbanShare: 0.96, core: true, formerPovertyCounty: false, rivers: ['长江', '嘉陵江'] },
  { code: '500106', short: '沙坪坝', population: 148.0, urbanShare: 0.95, core: true, formerPovertyCounty: false, rivers: ['嘉陵江'] },
  { code: '500107', short: '九龙坡', population: 153.2, urbanShare: 0.93, core: true, formerPovertyCounty: false, rivers: ['长江'] },
  { code: '500108', short: '南岸', population: 121.3, urbanShare: 0.95, core: true, formerPovertyCounty: false, rivers: ['长江'] },
  { code: '500109', short: '北碚', population: 83.5, urbanShare: 0.82, core: true, formerPovertyCounty: false, rivers: ['嘉陵江'] },
  { code: '500110', short: '綦江', population: 99.4, urbanShare: 0.62, core: false, formerPovertyCounty: false, rivers: [] },
  { code: '500111', short: '大足', population: 83.1, urbanShare: 0.58, core: false, formerPovertyCounty: false, rivers: [] },
  { code: '500112', short: '渝北', population: 219.7, urbanShare: 0.88, core: true, formerPovertyCounty: false, rivers: ['长江', '嘉陵江'] },
  { code: '500113', short: '巴南', population: 118.6, urbanShare: 0.82, core: true, formerPovertyCounty: false, rivers: ['长江'] },
  { code: '500114', short: '黔江', population: 48.6, urbanShare: 0.55, core: false, formerPovertyCounty: true, rivers: [] },
  { code: '500115', short: '长寿', population: 69.5, urbanShare: 0.68, core: false, formerPovertyCounty: false, rivers: ['长江'] },
  { code: '500116', short: '江津', population: 135.7, urbanShare: 0.68, core: false, formerPovertyCounty: false, rivers: ['长江'] },
  { code: '500117', short: '合川', population: 124.4, urbanShare: 0.66, core: false, formerPovertyCounty: false, rivers: ['嘉陵江'] },
  { code: '500118', short: '永川', population: 115.0, urbanShare: 0.7, core: false, formerPovertyCounty: false, rivers: ['长江'] },
  { code: '500119', short: '南川', population: 57.4, urbanShare: 0.58, core: false, formerPovertyCounty: false, rivers: [] },
  { code: '500120', short: '璧山', population: 78.8, urbanShare: 0.7, core: false, formerPovertyCounty: false, rivers: [] },
  { code: '500151', short: '铜梁', population: 69.1, urbanShare: 0.6, core: false, formerPovertyCounty: false, rivers: [] },
  { code: '500152', short: '潼南', population: 68.7, urbanShare: 0.52, core: false, formerPovertyCounty: false, rivers: [] },
  { code: '500153', short: '荣昌', population: 67.4, urbanShare: 0.6, core: false, formerPovertyCounty: false, rivers: [] },
  { code: '500154', short: '开州', population: 120.5, urbanShare: 0.52, core: false, formerPovertyCounty: true, rivers: [] },
  { code: '500155', short: '梁平', population: 64.6, urbanShare: 0.52, core: false, formerPovertyCounty: false, rivers: [] },
  { code: '500156', short: '武隆', population: 35.1, urbanShare: 0.5, core: false, formerPovertyCounty: true, rivers: ['乌江'] },
  { code: '500229', short: '城口', population: 19.2, urbanShare: 0.45, core: false, formerPovertyCounty: true, rivers: [] },
  { code: '500230', short: '丰都', population: 54.8, urbanShare: 0.5, core: false, formerPovertyCounty: true, rivers: ['长江'] },
  { code: '500231', short: '垫江', population: 64.2, urbanShare: 0.52, core: false, formerPovertyCounty: false, rivers: [] },
  { code: '500233', short: '忠县', population: 71.9, urbanShare: 0.5, core: false, formerPovertyCounty: false, rivers: ['长江'] },
  { code: '500235', short: '云阳', population: 92.6, urbanShare: 0.48, core: false, formerPovertyCounty: true, rivers: ['长江'] },
  { code: '500236', short: '奉节', population: 74.6, urbanShare: 0.48, core: false, formerPovertyCounty: true, rivers: ['长江'] },
  { code: '500237', short: '巫山', population: 46.1, urbanShare: 0.45, core: false, formerPovertyCounty: true, rivers: ['长江'] },
  { code: '500238', short: '巫溪', population: 38.6, urbanShare: 0.43, core: false, formerPovertyCounty: true, rivers: [] },
  { code: '500240', short: '石柱', population: 38.6, urbanShare: 0.48, core: false, formerPovertyCounty: true, rivers: [] },
  { code: '500241', short: '秀山', population: 48.3, urbanShare: 0.48, core: false, formerPovertyCounty: true, rivers: [] },
  { code: '500242', short: '酉阳', population: 55.1, urbanShare: 0.42, core: false, formerPovertyCounty: true, rivers: ['乌江'] },
  { code: '500243', short: '彭水', population: 49.4, urbanShare: 0.45, core: false, formerPovertyCounty: true, rivers: ['乌江'] },
];

// --- Age pyramid -------------------------------------------------------------------------------

// Share of the population (%) in five-year age bands [0-4, 5-9, …, 95-99, 100+], shaped after
// Chongqing's 2020 census (第七次全国人口普查): 0-14 = 15.9%, 15-59 = 62.2%, 60+ = 21.9%,
// 65+ = 17.1%. The band totals match those published shares; the split inside each group is an
// approximation of the published pyramid (the 1962-1975 baby boom, the late-1980s echo, low recent births).
export const AGE_BAND_SHARES: readonly number[] = [
  4.6, 5.6, 5.7, // 0-14: 15.9
  5.0, 4.9, 5.9, 7.6, 6.6, 5.9, 7.9, 9.0, 9.4, // 15-59: 62.2
  4.81, 6.2, 4.9, 3.0, 1.8, 0.85, 0.27, 0.06, 0.01, // 60+: 21.9
];
export const MAX_AGE = 100;

/** Weight of each single year of age 0..MAX_AGE (a band's share spread evenly over its years). */
export function singleYearAgeWeights(): number[] {
  const w: number[] = [];
  for (let age = 0; age <= MAX_AGE; age++) {
    const band = Math.min(Math.floor(age / 5), AGE_BAND_SHARES.length - 1);
    w.push((AGE_BAND_SHARES[band] ?? 0) / (band === AGE_BAND_SHARES.length - 1 ? 1 : 5));
  }
  return w;
}

// --- Households -------------------------------------------------------------------------------

export type HouseholdType =
  | 'single_young' // 18-34 living alone
  | 'single_middle' // 35-59 living alone
  | 'single_old' // 60+ living alone (空巢/独居老人)
  | 'couple_young'
  | 'couple_old' // empty nest (空巢)
  | 'nuclear' // couple and 1-3 children
  | 'single_parent'
  | 'three_generation_down' // older head, spouse, adult child (+ in-law), grandchildren
  | 'three_generation_up' // younger head, spouse, children, and the head's parents
  | 'skipped_generation' // grandparents raising grandchildren (留守儿童)
  | 'adult_with_parent'
  | 'siblings';

// Household type weights (per household), urban and rural residence. Assumption, calibrated so the
// resulting persons follow the age pyramid above and the mean household size is near Chongqing's
// 2.45 (2020 census, family households); 1-person households ≈ 25-30% (the census reports 25% nationally,
// more in Chongqing where many elderly live alone). Rural villages get more skipped-generation and
// elderly-alone households (out-migration of working-age adults).
export const HOUSEHOLD_TYPE_WEIGHTS: Record<'urban' | 'rural', readonly (readonly [HouseholdType, number])[]> = {
  urban: [
    ['single_young', 10],
    ['single_middle', 7],
    ['single_old', 9],
    ['couple_young', 6],
    ['couple_old', 18],
    ['nuclear', 22],
    ['single_parent', 4],
    ['three_generation_down', 6],
    ['three_generation_up', 6],
    ['skipped_generation', 2],
    ['adult_with_parent', 6],
    ['siblings', 1],
  ],
  rural: [
    ['single_young', 5],
    ['single_middle', 8],
    ['single_old', 13],
    ['couple_young', 3],
    ['couple_old', 23],
    ['nuclear', 14],
    ['single_parent', 3],
    ['three_generation_down', 9],
    ['three_generation_up', 5],
    ['skipped_generation', 6],
    ['adult_with_parent', 6],
    ['siblings', 1],
  ],
};

/** Share of households whose head is a man (assumption; household registers name the man by custom). */
export const MALE_HEAD_SHARE = 0.7;
/** Boys per girl at birth ≈ 1.05; Chongqing's 2020 sex ratio was 102.2 overall. */
export const MALE_BIRTH_SHARE = 0.512;

// --- Hukou --------------------------------------------------------------------------------------

/** Persons whose hukou is their village of residence (assumption; Chongqing's 人户分离 is larger in the core). */
export const HUKOU_SAME_VILLAGE = 0.85;
/** Of the others: hukou elsewhere in the same district (rest: another district, mostly rural). */
export const HUKOU_OTHER_IN_SAME_DISTRICT = 0.55;
/** Spouses whose hukou stayed in their own home village after marriage (assumption). */
export const SPOUSE_OWN_HUKOU = 0.05;
/** Households living away from their hukou village with a recorded hukou move (the rest never moved it). */
export const HUKOU_MOVE_WHEN_AWAY = 0.3;
/** Households living in their hukou village who moved it there within the last three years. */
export const HUKOU_RECENT_MOVE_IN = 0.015;
/** Households in urban communities holding an urban hukou (the rest: rural hukou). Assumption. */
export const URBAN_HUKOU_IN_URBAN_VILLAGE = 0.8;

// --- Names and phones ---------------------------------------------------------------------------

// Surnames with weights per mille, approximate: the national ranking (公安部 2020 name report)
// adjusted towards Chongqing, where 陈, 李, 张, 刘 lead and 谭, 冉, 向, 牟, 秦 are more common than
// nationally. Assumption for the exact weights.
export const SURNAMES: readonly (readonly [string, number])[] = [
  ['李', 70], ['张', 64], ['陈', 62], ['刘', 55], ['王', 50], ['杨', 40], ['黄', 25], ['周', 25],
  ['罗', 22], ['何', 22], ['吴', 18], ['谭', 18], ['唐', 16], ['蒋', 15], ['邓', 15], ['胡', 14],
  ['赵', 14], ['徐', 12], ['曾', 12], ['彭', 12], ['冉', 10], ['向', 10], ['熊', 10], ['朱', 10],
  ['余', 10], ['田', 10], ['谢', 10], ['肖', 10], ['秦', 8], ['廖', 8], ['郭', 8], ['袁', 8],
  ['汪', 6], ['马', 6], ['程', 6], ['孙', 6], ['高', 6], ['梁', 6], ['宋', 6], ['郑', 6], ['冯', 6],
  ['邹', 6], ['付', 6], ['雷', 6], ['龚', 6], ['文', 6], ['任', 6], ['牟', 5], ['江', 5], ['卢', 5],
  ['万', 5], ['钟', 5], ['石', 5], ['夏', 5], ['杜', 5], ['许', 5], ['林', 5], ['韩', 4], ['姚', 4],
  ['苏', 4], ['邱', 4], ['蔡', 4], ['潘', 4], ['贺', 4], ['魏', 4], ['陶', 4], ['幸', 2], ['税', 1],
];

/** Share of given names with two characters (the rest one). Assumption; one-character names were commoner before 1990. */
export const TWO_CHARACTER_GIVEN_NAME = { bornBefore1990: 0.7, bornFrom1990: 0.88 };

// Popular given-name characters by era and sex (assumption, after published name-frequency reports:
// 建国/秀英 for the 1950s-60s, 伟/丽 for the 1970s-80s, 浩宇/梓涵 after 1990; 碧 is a Sichuan-Chongqing habit).
export const GIVEN_NAME_CHARS: Record<'old' | 'middle' | 'young', Record<'M' | 'F', readonly string[]>> = {
  old: {
    M: ['国', '建', '明', '华', '德', '富', '贵', '荣', '发', '福', '清', '成', '文', '学', '金', '永', '忠', '志', '春', '平', '光', '友', '开', '远'],
    F: ['秀', '英', '兰', '珍', '芳', '淑', '桂', '凤', '玉', '翠', '琼', '素', '华', '春', '莲', '群', '碧', '慧', '明', '蓉', '琴'],
  },
  middle: {
    M: ['伟', '强', '军', '勇', '杰', '涛', '斌', '磊', '波', '刚', '辉', '鹏', '俊', '峰', '毅', '健', '飞', '亮', '兵', '林', '松', '川', '江', '东'],
    F: ['丽', '艳', '娟', '敏', '静', '霞', '燕', '玲', '红', '莉', '琴', '梅', '萍', '婷', '芳', '丹', '晓', '雪', '慧', '蓉', '利', '琳'],
  },
  young: {
    M: ['浩', '宇', '轩', '子', '梓', '睿', '泽', '俊', '博', '晨', '一', '宸', '皓', '豪', '航', '然', '铭', '熙', '瑞', '诚', '锦', '阳', '奕', '杨'],
    F: ['欣', '怡', '涵', '萱', '雨', '佳', '琪', '思', '梦', '诗', '悦', '彤', '可', '馨', '婷', '璐', '瑶', '妍', '若', '语', '沐', '汐'],
  },
};

// Mobile prefixes of the three carriers (China Mobile, Unicom, Telecom), weighted towards China
// Mobile's larger share. Assumption.
export const MOBILE_PREFIXES: readonly (readonly [string, number])[] = [
  ['134', 2], ['135', 4], ['136', 4], ['137', 4], ['138', 5], ['139', 5], ['147', 1], ['150', 3], ['151', 3], ['152', 3],
  ['157', 2], ['158', 3], ['159', 3], ['178', 2], ['182', 3], ['183', 3], ['184', 1], ['187', 3], ['188', 3], ['198', 2],
  ['130', 2], ['131', 2], ['132', 2], ['155', 2], ['156', 2], ['166', 1], ['175', 1], ['176', 2], ['185', 2], ['186', 3],
  ['133', 2], ['149', 1], ['153', 2], ['173', 1], ['177', 2], ['180', 2], ['181', 2], ['189', 3], ['191', 1], ['199', 2],
];
/** Share owning a mobile phone, by age (assumption; children under 12 get none). */
export function phoneOwnership(age: number): number {
  if (age < 12) return 0;
  if (age < 16) return 0.6;
  if (age < 70) return 0.97;
  if (age < 80) return 0.8;
  return 0.55;
}

// --- Education ------------------------------------------------------------------------------------

// Transition probabilities by birth cohort (assumption, calibrated to Chongqing's 2020 census: per
// 100,000 residents 15,412 with university (大专+), 15,956 senior secondary, 30,582 junior, 29,894
// primary; and to a higher-education gross enrolment rate above 55% for recent cohorts).
export type EducationCohort = {
  /** Last birth year of the cohort. */
  bornUpTo: number;
  /** Starts primary school at all. */
  school: number;
  /** Goes on to junior secondary after primary. */
  junior: number;
  /** Goes on to senior secondary (general or vocational) after junior. */
  secondary: number;
  /** Of those, the share in vocational schools (中职). */
  vocationalShare: number;
  /** Goes on to higher education after general senior secondary, and after vocational. */
  higherFromSenior: number;
  higherFromVocational: number;
  /** In higher education: bachelor rather than a 3-year college (大专) diploma. */
  bachelorShare: number;
  /** Goes on to a master's after a bachelor's, and to a doctorate after a master's. */
  master: number;
  doctor: number;
};
export const EDUCATION_COHORTS: readonly EducationCohort[] = [
  { bornUpTo: 1940, school: 0.8, junior: 0.28, secondary: 0.3, vocationalShare: 0.15, higherFromSenior: 0.12, higherFromVocational: 0.02, bachelorShare: 0.35, master: 0.03, doctor: 0.1 },
  { bornUpTo: 1950, school: 0.9, junior: 0.38, secondary: 0.3, vocationalShare: 0.15, higherFromSenior: 0.12, higherFromVocational: 0.02, bachelorShare: 0.35, master: 0.03, doctor: 0.1 },
  { bornUpTo: 1960, school: 0.96, junior: 0.5, secondary: 0.28, vocationalShare: 0.2, higherFromSenior: 0.15, higherFromVocational: 0.03, bachelorShare: 0.38, master: 0.04, doctor: 0.1 },
  { bornUpTo: 1970, school: 0.985, junior: 0.62, secondary: 0.27, vocationalShare: 0.25, higherFromSenior: 0.22, higherFromVocational: 0.04, bachelorShare: 0.4, master: 0.06, doctor: 0.12 },
  { bornUpTo: 1980, school: 0.99, junior: 0.76, secondary: 0.33, vocationalShare: 0.3, higherFromSenior: 0.45, higherFromVocational: 0.08, bachelorShare: 0.45, master: 0.1, doctor: 0.12 },
  { bornUpTo: 1990, school: 0.995, junior: 0.92, secondary: 0.48, vocationalShare: 0.35, higherFromSenior: 0.74, higherFromVocational: 0.18, bachelorShare: 0.5, master: 0.12, doctor: 0.12 },
  { bornUpTo: 2000, school: 1, junior: 0.98, secondary: 0.8, vocationalShare: 0.4, higherFromSenior: 0.82, higherFromVocational: 0.35, bachelorShare: 0.52, master: 0.15, doctor: 0.12 },
  { bornUpTo: 9999, school: 1, junior: 0.995, secondary: 0.95, vocationalShare: 0.4, higherFromSenior: 0.88, higherFromVocational: 0.45, bachelorShare: 0.55, master: 0.15, doctor: 0.12 },
];
/** Children aged 3-5 in kindergarten (Chongqing's gross preschool enrolment ≈ 90%, approximate). */
export const PRESCHOOL_ENROLMENT = 0.9;

// Real Chongqing universities and colleges (and a few outside the city, where many Chongqing students go).
export const UNIVERSITIES_DOCTORAL: readonly string[] = ['重庆大学', '西南大学', '西南政法大学', '重庆医科大学', '重庆邮电大学', '重庆交通大学', '重庆师范大学', '四川大学', '电子科技大学'];
export const UNIVERSITIES_MASTER: readonly string[] = [
  ...UNIVERSITIES_DOCTORAL, '四川外国语大学', '四川美术学院', '重庆工商大学', '重庆理工大学', '重庆科技大学', '长江师范学院', '重庆三峡学院', '西南交通大学', '武汉大学',
];
export const UNIVERSITIES_BACHELOR: readonly string[] = [
  ...UNIVERSITIES_MASTER, '重庆文理学院', '重庆第二师范学院', '重庆工程学院', '重庆人文科技学院', '重庆对外经贸学院', '重庆城市科技学院', '重庆移通学院',
];
export const COLLEGES: readonly string[] = [
  '重庆电子工程职业学院', '重庆工业职业技术学院', '重庆城市管理职业学院', '重庆医药高等专科学校', '重庆工程职业技术学院', '重庆航天职业技术学院',
  '重庆交通职业学院', '重庆三峡职业学院', '重庆建筑工程职业学院', '重庆城市职业学院', '重庆青年职业技术学院', '重庆财经职业学院', '重庆水利电力职业技术学院',
];
export const MAJORS: readonly string[] = [
  '计算机科学与技术', '软件工程', '机械设计制造及其自动化', '电气工程及其自动化', '土木工程', '临床医学', '护理学', '会计学', '金融学', '法学',
  '汉语言文学', '英语', '市场营销', '工商管理', '电子商务', '车辆工程', '物流管理', '学前教育', '小学教育', '通信工程', '数据科学与大数据技术',
  '人工智能', '药学', '建筑学', '环境工程', '旅游管理', '视觉传达设计', '新闻学', '数控技术', '汽车检测与维修技术',
];
/** Well-known schools of the central districts, used now and then for senior secondary students. */
export const FAMOUS_SENIOR_SCHOOLS: readonly string[] = ['重庆南开中学', '重庆巴蜀中学', '重庆市第一中学校', '重庆市第八中学校', '重庆市育才中学校', '西南大学附属中学'];

// --- Enterprises ----------------------------------------------------------------------------------

/** Enterprises per resident (assumption: Chongqing had about 1 million enterprises for 32 million people). */
export const PERSONS_PER_ENTERPRISE = 30;
/** Relative enterprise density: the central districts host more firms per resident (assumption). */
export const ENTERPRISE_DENSITY = { core: 1.6, other: 1.0, formerPovertyCounty: 0.7 };
/** Townships that are 街道 (urban sub-districts) get this weight against 1 for 乡镇 (assumption). */
export const STREET_TOWNSHIP_WEIGHT = 4;

// Share of enterprise legal units by GB/T 4754 section (%), approximate after the national fourth
// economic census (2018): wholesale/retail and business services dominate the count, manufacturing
// follows. T (international organisations) has no enterprises in Chongqing.
// wageFactor: relative average wage by section (approximate, after the urban unit wage structure).
// injuryRate: work-injury insurance rate (fraction of the base) by industry risk class (8 classes,
// 0.2%-1.9% under 人社部发〔2015〕71号; Chongqing applies them with floating); the section's usual class.
export const INDUSTRIES: readonly { section: string; share: number; wageFactor: number; injuryRate: number; words: readonly string[] }[] = [
  { section: 'A', share: 3, wageFactor: 0.7, injuryRate: 0.009, words: ['农业开发', '生态农业', '种养殖', '农业科技'] },
  { section: 'B', share: 0.3, wageFactor: 1.1, injuryRate: 0.019, words: ['矿业', '石材'] },
  { section: 'C', share: 12, wageFactor: 1.0, injuryRate: 0.008, words: ['机械制造', '汽车配件', '电子科技', '食品', '摩托车配件', '新材料', '机电'] },
  { section: 'D', share: 0.8, wageFactor: 1.4, injuryRate: 0.008, words: ['能源', '燃气', '水务'] },
  { section: 'E', share: 8, wageFactor: 0.95, injuryRate: 0.015, words: ['建筑工程', '建设工程', '装饰工程', '市政工程'] },
  { section: 'F', share: 33, wageFactor: 0.9, injuryRate: 0.004, words: ['商贸', '贸易', '百货', '医药', '建材', '五金'] },
  { section: 'G', share: 3, wageFactor: 1.05, injuryRate: 0.009, words: ['物流', '运输', '供应链'] },
  { section: 'H', share: 3, wageFactor: 0.75, injuryRate: 0.004, words: ['餐饮管理', '火锅', '酒店管理', '小面'] },
  { section: 'I', share: 5, wageFactor: 1.6, injuryRate: 0.002, words: ['网络科技', '信息技术', '软件', '数据科技'] },
  { section: 'J', share: 0.7, wageFactor: 1.7, injuryRate: 0.002, words: ['融资担保', '小额贷款', '投资'] },
  { section: 'K', share: 3, wageFactor: 1.05, injuryRate: 0.004, words: ['房地产开发', '物业管理'] },
  { section: 'L', share: 13, wageFactor: 0.95, injuryRate: 0.002, words: ['商务咨询', '企业管理', '人力资源', '广告', '会展服务'] },
  { section: 'M', share: 8, wageFactor: 1.35, injuryRate: 0.002, words: ['科技', '工程设计', '检测技术', '技术服务'] },
  { section: 'N', share: 0.8, wageFactor: 0.85, injuryRate: 0.007, words: ['环保科技', '园林绿化', '环境工程'] },
  { section: 'O', share: 3, wageFactor: 0.8, injuryRate: 0.004, words: ['家政服务', '汽车维修', '洗涤服务'] },
  { section: 'P', share: 1, wageFactor: 1.15, injuryRate: 0.002, words: ['教育科技', '职业培训'] },
  { section: 'Q', share: 0.6, wageFactor: 1.2, injuryRate: 0.004, words: ['医疗管理', '养老服务', '诊所'] },
  { section: 'R', share: 2, wageFactor: 1.0, injuryRate: 0.004, words: ['文化传媒', '体育文化', '影视'] },
  { section: 'S', share: 0.3, wageFactor: 1.1, injuryRate: 0.002, words: ['社区服务'] },
  { section: 'T', share: 0, wageFactor: 1.0, injuryRate: 0.002, words: ['国际交流'] },
];

// Enterprise sizes (GB/T 4754 based 统计上大中小微型企业划分办法): micro firms are the great majority of
// registered enterprises (approximate: micro 82%, small 14%, medium 3.3%, large 0.7%).
// employeeWeight: how much more likely a worker is to be employed by one firm of that size (assumption,
// roughly its mean headcount), so large firms employ about a third of formal employees.
// unenrolled: share of that size's employees whose employer never enrolled them in employee insurance
// (assumption; gives coverage-expansion rules something to find).
export const ENTERPRISE_SIZES: readonly { size: 'micro' | 'small' | 'medium' | 'large'; share: number; employeeWeight: number; wageFactor: number; unenrolled: number; meanAgeYears: number }[] = [
  { size: 'micro', share: 82, employeeWeight: 3, wageFactor: 0.85, unenrolled: 0.08, meanAgeYears: 6 },
  { size: 'small', share: 14, employeeWeight: 20, wageFactor: 0.95, unenrolled: 0.04, meanAgeYears: 9 },
  { size: 'medium', share: 3.3, employeeWeight: 120, wageFactor: 1.05, unenrolled: 0.015, meanAgeYears: 13 },
  { size: 'large', share: 0.7, employeeWeight: 600, wageFactor: 1.2, unenrolled: 0.005, meanAgeYears: 18 },
];
/** Earliest establishment date (registrations before the 1990s are rare among surviving firms). */
export const EARLIEST_ESTABLISHMENT = '1985-01-01';

// Brand characters (字号) for enterprise names; two are combined. Assumption.
export const BRAND_CHARS: readonly string[] = [
  '鑫', '华', '隆', '盛', '博', '创', '恒', '达', '宏', '嘉', '锦', '瑞', '丰', '源', '泰', '兴', '德', '信', '顺', '祥',
  '和', '佳', '汇', '联', '智', '航', '远', '新', '金', '川', '渝', '巴', '山', '城', '江', '天', '宇', '诚', '正', '邦',
];

// --- Work and wages --------------------------------------------------------------------------------

/** Statutory retirement ages in 2023 (men 60, women workers 50 / cadres 55; 55 is used for women here). */
export const RETIREMENT_AGE = { M: 60, F: 55 } as const;
/** Labour-force participation of working-age persons not in school (assumption). */
export const PARTICIPATION = { M: 0.92, F: 0.8 } as const;
// Unemployment: Chongqing's surveyed urban unemployment rate was about 5.5% in 2022 (approximate);
// higher for the young and for new graduates (youth rates were far higher in 2023).
export const UNEMPLOYMENT = { base: 0.055, under25: 0.12, recentGraduate: 0.18, hardshipFactor: 2.5, disabledFactor: 2 };
// Share of employed persons with a formal employment relation registered with an enterprise
// (the rest farm, are self-employed or flexible workers); assumption, after the gap between
// Chongqing's employed population and its urban employee insurance enrolment.
export const FORMAL_EMPLOYMENT = { urban: 0.64, rural: 0.34, collegePlusFactor: 1.25, lowEducationFactor: 0.6, hardshipFactor: 0.3, disabledFactor: 0.5, teenFactor: 0.5 };
/** Employees working in an enterprise of their own district (the rest commute, mostly to the core). */
export const EMPLOYER_IN_OWN_DISTRICT = 0.85;
/** Employees with an earlier, ended employment (job change); and unemployed persons whose job ended in the last two years. */
export const PREVIOUS_JOB_SHARE = 0.2;
export const UNEMPLOYED_WITH_ENDED_JOB = 0.45;
/** Mean tenure in the current job, years (exponential; assumption). */
export const MEAN_TENURE_YEARS = 5;

// Monthly wage medians by education (yuan; assumption, consistent with Chongqing's 2022 average
// wage of urban units ≈ 8,000 yuan/month for non-private and ≈ 4,900 yuan for private units).
export const WAGE_MEDIAN_BY_EDUCATION: Record<string, number> = {
  none: 3200, primary: 3500, junior: 4000, senior: 4700, vocational: 4900, college: 5800, bachelor: 7200, master: 10000, doctor: 12500,
};
/** Log-normal spread of wages around the median (assumption). */
export const WAGE_SIGMA = 0.35;
/** Chongqing minimum monthly wage, first tier (2022): 2,100 yuan. */
export const MINIMUM_WAGE_YUAN = 2100;
/** Wages in the central districts are higher (assumption). */
export const CORE_WAGE_FACTOR = 1.1;

// Employee insurance contribution base limits (yuan/month): about 60% and 300% of the average wage
// used for bases in Chongqing in 2023 (approximate: 4,004 and 20,019 yuan). Used for every year.
export const CONTRIBUTION_BASE = { minYuan: 4004, maxYuan: 20019 };
// Contribution rates (total of employer and employee): pension 16% + 8% = 24%; unemployment
// 0.5% + 0.5% = 1% (Chongqing's reduced rate); work injury by industry (see INDUSTRIES.injuryRate).
export const CONTRIBUTION_RATES = { pension: 0.24, unemployment: 0.01 };
/** Employments with a run of 1-3 missed contribution months in the last 12 (assumption). */
export const CONTRIBUTION_GAP_SHARE = 0.06;
/** Employees who also carry unemployment and work-injury insurance, given employee pension (assumption). */
export const EMPLOYEE_UNEMPLOYMENT_INSURANCE = 0.95;
export const EMPLOYEE_INJURY_INSURANCE = 0.95;

// --- Social insurance outside employment -------------------------------------------------------------

/** Flexible workers and others paying employee pension on their own (灵活就业参保); assumption. */
export const FLEXIBLE_EMPLOYEE_PENSION = 0.12;
/**
 * Residents 16+ not in employee pension who enrol in resident pension (assumption; the 2023 plan
 * holds pension coverage at 97% or more, and about 95-96% of residents aged 16-59 not in school have a
 * record of either kind with this rate).
 */
export const RESIDENT_PENSION = 0.92;
/** Retirees drawing an employee pension, by hukou type (assumption). */
export const RETIREE_EMPLOYEE_PENSION = { urban: 0.55, rural: 0.15 };
export const RETIREE_RESIDENT_PENSION = 0.92;
/** Enrolments that are suspended (中断缴费) rather than active (assumption). */
export const RESIDENT_PENSION_SUSPENDED = 0.05;
/** When a person dies, enrolments are terminated; this share is still active (a certification gap). */
export const DEAD_STILL_ACTIVE = 0.05;
/** Resident medical insurance take-up among those without employee medical insurance (2023 coverage ≈ 95%). */
export const RESIDENT_MEDICAL = 0.945;
export const NEWBORN_MEDICAL = 0.8;

// --- Hardship and social assistance ---------------------------------------------------------------------

// A latent household hardship level drives dibao, low-income status and extreme-poverty support, and
// raises disability and unemployment among members. Base probabilities per household (assumption),
// calibrated to: dibao ≈ 2% of persons (Chongqing ≈ 70万 recipients), extreme-poverty support ≈ 0.5%
// (≈ 17万), low-income ≈ 3%.
export const HARDSHIP = {
  /** Probability of level 2 (dibao-level) and level 1 (low-income level), urban and rural residence. */
  severe: { urban: 0.015, rural: 0.035 },
  moderate: { urban: 0.02, rural: 0.035 },
  /** Multipliers for household situations. */
  elderlyAloneFactor: 6,
  singleParentFactor: 2.5,
  formerPovertyCountyFactor: 1.4,
  /** Hardship households whose members work anyway (a dibao household with a well-paid job: an audit hit). */
  anomaly: 0.03,
};
/** Share of hardship households actually enrolled (the rest are a gap for outreach). */
export const ASSISTANCE_TAKE_UP = { dibao: 0.85, extremePoverty: 0.9, lowIncome: 0.85 };
// Monthly standards (yuan per person): Chongqing 2022 urban dibao 700, rural 560 (approximate);
// extreme-poverty basic support = 1.3 × the urban dibao standard. Low-income status carries no monthly payment.
export const DIBAO_STANDARD_YUAN = { urban: 700, rural: 560 };
export const EXTREME_POVERTY_YUAN = 910;
/** Dibao households that left the scheme in the last year (their rows carry an end date). */
export const ASSISTANCE_ENDED = 0.04;
/** Deceased recipients whose assistance was not ended (an audit hit; assumption). */
export const ASSISTANCE_NOT_ENDED_AFTER_DEATH = 0.1;

// --- Deaths, disability, veterans --------------------------------------------------------------------

/** Annual death probability by age: Gompertz-like, calibrated to Chongqing's crude death rate ≈ 7.5‰ (2022, approximate). */
export function deathProbability(age: number): number {
  if (age < 1) return 0.004;
  if (age < 40) return 0.0006;
  return Math.min(0.35, Math.exp(-10.78 + 0.097 * age));
}

/** Certified disability (残疾人证) probability by age (assumption, calibrated to ≈ 2.5% of residents; China ≈ 2.7%). */
export function disabilityProbability(age: number): number {
  if (age < 18) return 0.0055;
  if (age < 45) return 0.013;
  if (age < 60) return 0.028;
  if (age < 75) return 0.041;
  return 0.064;
}
export const DISABILITY_HARDSHIP_FACTOR = 3;
// Category shares (assumption, after the 2006 national disability sample survey: physical largest).
export const DISABILITY_CATEGORIES: readonly (readonly ['visual' | 'hearing' | 'speech' | 'physical' | 'intellectual' | 'mental' | 'multiple', number, number])[] = [
  // [category, weight, digit in the certificate number]
  ['visual', 12, 1], ['hearing', 12, 2], ['speech', 2, 3], ['physical', 50, 4], ['intellectual', 9, 5], ['mental', 9, 6], ['multiple', 6, 7],
];
/** Grades 1 (most severe) to 4 (assumption). */
export const DISABILITY_GRADES: readonly (readonly [number, number])[] = [[1, 12], [2, 25], [3, 30], [4, 33]];

/** Veterans among men aged 25+ (assumption; Chongqing has ≈ 90万 veterans). */
export const VETERAN_SHARE_OF_MEN_25 = 0.02;
export const VETERAN_ENTITLED_GROUP = 0.08;
export const SERVICE_BRANCHES: readonly (readonly ['army' | 'navy' | 'air_force' | 'rocket_force' | 'armed_police' | 'other', number])[] = [
  ['army', 65], ['armed_police', 12], ['navy', 8], ['air_force', 8], ['rocket_force', 5], ['other', 2],
];

// --- Poverty alleviation, fishermen ---------------------------------------------------------------------

// Households lifted out of poverty (建档立卡脱贫户, Chongqing ≈ 190万 persons, ≈ 6% of residents),
// registered by household, concentrated in rural-hukou households of the former poverty counties.
// Probabilities per rural-hukou household (assumption, calibrated to ≈ 6% of residents overall).
export const POVERTY_ALLEVIATED = { formerPovertyCounty: 0.22, other: 0.08, core: 0.02, hardshipFactor: 2, relapseWatch: 0.05, relapseHardshipFactor: 4 };
export const LIFTED_YEARS: readonly (readonly [number, number])[] = [[2014, 8], [2015, 12], [2016, 22], [2017, 20], [2018, 18], [2019, 15], [2020, 5]];

/** Registered former fishermen (≈ 1万 in Chongqing, ≈ 0.04% of residents), aged 35-70 in river districts; assumption per person. */
export const FORMER_FISHERMAN = { perPersonInRiverDistrict: 0.0011, minAge: 35, maxAge: 70, maleShare: 0.85, registeredIn: 2020 };

// --- Employment services -------------------------------------------------------------------------------

/** Unemployed persons who register with the public employment service (assumption). */
export const UNEMPLOYMENT_REGISTERED = 0.5;
/** New hires of the last 18 months whose earlier registration ended on employment (assumption). */
export const REGISTRATION_ENDED_BY_JOB = 0.06;
/** Vocational training records among persons 18-55 (assumption; ≈ 2%). */
export const TRAINING = { base: 0.03, unemployedFactor: 4, fishermanFactor: 10, povertyFactor: 2 };
export const TRAINING_COURSES: readonly { code: string; name: string; kind: 'employment_skills' | 'upgrade' | 'entrepreneurship' | 'new_form'; days: number; certificate: string | null }[] = [
  { code: 'PX-DG01', name: '电工', kind: 'employment_skills', days: 30, certificate: '五级/初级工' },
  { code: 'PX-HG01', name: '焊工', kind: 'employment_skills', days: 30, certificate: '五级/初级工' },
  { code: 'PX-YY01', name: '育婴员', kind: 'employment_skills', days: 15, certificate: '五级/初级工' },
  { code: 'PX-YL01', name: '养老护理员', kind: 'employment_skills', days: 15, certificate: '五级/初级工' },
  { code: 'PX-PR01', name: '中式烹调师', kind: 'employment_skills', days: 20, certificate: '五级/初级工' },
  { code: 'PX-JZ01', name: '家政服务员', kind: 'employment_skills', days: 10, certificate: null },
  { code: 'PX-CC01', name: '叉车司机', kind: 'employment_skills', days: 10, certificate: null },
  { code: 'PX-DG02', name: '电工(中级)', kind: 'upgrade', days: 45, certificate: '四级/中级工' },
  { code: 'PX-SK02', name: '数控车工', kind: 'upgrade', days: 45, certificate: '四级/中级工' },
  { code: 'PX-JQ03', name: '工业机器人系统运维员', kind: 'upgrade', days: 60, certificate: '三级/高级工' },
  { code: 'PX-SYB1', name: 'SYB创业培训', kind: 'entrepreneurship', days: 10, certificate: null },
  { code: 'PX-WC01', name: '网络创业培训', kind: 'entrepreneurship', days: 10, certificate: null },
  { code: 'PX-XP01', name: '网约配送员', kind: 'new_form', days: 5, certificate: null },
  { code: 'PX-XP02', name: '互联网营销师(直播销售员)', kind: 'new_form', days: 10, certificate: '五级/初级工' },
];

// --- Policy data (0003): guaranteed business loans, housing status ---------------------------------------
// Drawn from a stream of their own, so the rows of every other table stay as they were.

/**
 * Guaranteed business loans (创业担保贷款): Chongqing lent about 30亿 yuan a year (the 2023 plan's
 * target), i.e. some 20,000 loans, ≈ 0.06% of residents a year; with 2-3-year terms about 0.15% hold
 * one. Here: a share of self-employed and flexible workers aged 20-59, more after entrepreneurship
 * training (assumptions). Principal in 万 yuan (individual limit 20万 since 2020); term in years.
 */
export const GUARANTEED_LOAN = {
  informalShare: 0.008,
  entrepreneurshipTrainedFactor: 12,
  minAge: 20,
  maxAge: 59,
  principalWan: [[5, 10], [10, 30], [15, 20], [20, 40]] as readonly (readonly [number, number])[],
  termYears: [[2, 40], [3, 60]] as readonly (readonly [number, number])[],
  /** Paid out up to this many days before asOf (some have ended since). */
  maxAgeDays: 1460,
  /** Loans past their due date that are not settled and flagged overdue; the rest were repaid on time. */
  overdueAfterDue: 0.08,
  /** Outstanding loans settled early. */
  repaidEarly: 0.05,
  /** The handling office's assessment: eligible, not eligible; the rest not assessed yet (NULL). */
  subsidyEligible: 0.82,
  subsidyNotEligible: 0.06,
};
export const LENDERS: readonly string[] = ['重庆农村商业银行', '重庆银行', '重庆三峡银行', '中国邮政储蓄银行重庆分行', '中国工商银行重庆市分行', '中国建设银行重庆市分行', '中国农业银行重庆市分行'];

/**
 * Housing status (住房状况) from the housing department, for the head of a share of households:
 * most households on social assistance (housing and civil affairs compare data for 住房救助), some
 * other hardship households, and a few others that have dealt with housing security. Everyone else
 * stays unknown, so that rules on home ownership show missing data. Shares are assumptions.
 */
export const HOUSING_STATUS = {
  coverage: { assisted: 0.85, hardship: 0.3, other: 0.1 },
  ownsHome: { hardship: { urban: 0.35, rural: 0.8 }, other: { urban: 0.72, rural: 0.9 } },
  /** Public rental tenants among those who own no home. */
  publicRental: { hardship: { urban: 0.3, rural: 0.04 }, other: { urban: 0.1, rural: 0.02 } },
  /** Mean floor area per person, m² (Chongqing urban ≈ 36, rural ≈ 50; approximate). */
  floorAreaSqm: { urban: 34, rural: 48 },
  floorAreaUnknown: 0.2,
  /** Checked up to this many days before asOf. */
  maxAgeDays: 540,
};
