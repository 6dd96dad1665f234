// Discrimination screening of job postings (就业歧视筛查, plan measure M16): finds the phrases in a
// posting that restrict applicants by gender, age, marital or childbearing status, hukou or region,
// ethnicity, religion, health or looks, each with the rule, its severity and its legal basis.
// Pure: the patterns are compiled once at module load, and screening does no I/O.

export type ScreeningSeverity = 'block' | 'warn';
export type ScreeningCategory = 'gender' | 'age' | 'marital' | 'childbearing' | 'hukou' | 'region' | 'ethnicity' | 'health' | 'appearance' | 'other';
export type LegalBasis = { title: string; article: string };
export type ScreeningFinding = {
  rule: string;
  category: ScreeningCategory;
  severity: ScreeningSeverity;
  /** The exact text matched, as it appears in the posting. */
  phrase: string;
  field: 'title' | 'description' | 'requirements';
  /** Offsets of the phrase within that field (UTF-16 code units, as String.prototype.slice takes). */
  start: number;
  end: number;
  reason: { zh: string; en: string };
  basis: LegalBasis[];
};
export type ScreeningInput = { title: string; description: string; requirements?: string };
export type ScreeningRule = { id: string; category: ScreeningCategory; severity: ScreeningSeverity; reason: { zh: string; en: string }; basis: LegalBasis[] };

// --- Legal bases --------------------------------------------------------------------------------------
// Article numbers are cited only where the text was checked; the two ministry notices are cited by
// their point rather than by a section number.

const EPL = '中华人民共和国就业促进法';
const basis = {
  equality: { title: EPL, article: '第三条' }, // 平等就业，不因民族、种族、性别、宗教信仰等不同而受歧视
  fairConditions: { title: EPL, article: '第二十六条' }, // 提供平等的就业机会和公平的就业条件，不得实施就业歧视
  women: { title: EPL, article: '第二十七条' }, // 除国家规定的不适合妇女的工种或者岗位外，不得以性别为由拒绝录用妇女
  ethnicity: { title: EPL, article: '第二十八条' },
  disability: { title: EPL, article: '第二十九条' },
  carriers: { title: EPL, article: '第三十条' }, // 不得以是传染病病原携带者为由拒绝录用
  ruralWorkers: { title: EPL, article: '第三十一条' }, // 不得对农村劳动者进城就业设置歧视性限制
  womensRights: { title: '中华人民共和国妇女权益保障法（2022年修订）', article: '第四十三条' }, // 不得限定男性或男性优先、询问婚育情况、妊娠测试、以婚育状况为录用条件
  hrMarket: { title: '人力资源市场暂行条例', article: '第二十四条' }, // 招聘信息不得含有民族、种族、性别、宗教信仰等方面的歧视性内容
  adContent: { title: '就业服务与就业管理规定', article: '第二十条' }, // 招用人员简章或招聘广告不得包含歧视性内容
  onlineHukou: { title: '网络招聘服务管理规定', article: '第十五条第二款' }, // 不得在户籍、地域、身份等方面设置限制人力资源流动的条件
  notice2019: {
    title: '人力资源社会保障部等九部门关于进一步规范招聘行为促进妇女就业的通知（人社部发〔2019〕17号）',
    article: '要点：不得限定性别或性别优先，不得询问妇女婚育情况，不得将妊娠测试作为入职体检项目，不得将限制生育作为录用条件',
  },
  notice2010: {
    title: '人力资源社会保障部 教育部 卫生部关于进一步规范入学和就业体检项目维护乙肝表面抗原携带者入学和就业权利的通知（人社部发〔2010〕12号）',
    article: '要点：就业体检不得要求开展乙肝项目检测，不得以携带乙肝表面抗原为由拒绝招用',
  },
  planM16: { title: '惠民暖心优服行动方案（渝人社办〔2023〕75号）', article: 'M16 营造平等就业环境：推动消除各类就业不合理限制和就业歧视' },
  labourLawWomen: { title: '中华人民共和国劳动法', article: '第五十九条' }, // 禁止安排女职工从事矿山井下、第四级体力劳动强度的劳动
  femaleProtection: { title: '女职工劳动保护特别规定', article: '附录（女职工禁忌从事的劳动范围）' },
} satisfies Record<string, LegalBasis>;

// --- Pattern fragments --------------------------------------------------------------------------------
// Text is folded before matching (full-width ASCII to ASCII, ASCII to lower case; both keep every
// offset), so the patterns use ASCII punctuation and lower-case Latin letters.

const NUM = String.raw`(?:\d{1,3}|[一二三四五六七八九十两]{1,3})`;
const AGE_UNIT = String.raw`(?:周岁|岁)`;
const DASH = String.raw`(?:-|—|–|~|至|到)`;
const SEP = String.raw`\s*[、/,和及与或]\s*`;
/** Words that turn a group into an exclusion ("…勿扰", "…不录用"). */
const REFUSE = String.raw`(?:勿扰|免谈|莫扰|别来|不要|不招|不收|一律不录用|不予录用|不录用|不予考虑|不考虑|谢绝|请绕行|绕行|慎投|除外|(?:请)?勿(?:投递|投|应聘|联系|来电))`;
const REFUSE_BEFORE = String.raw`(?:不招|不要|不收|不录用|谢绝|拒招|拒收|不接受)`;
/** A standalone token: at the start, or after punctuation, a space or a list number. */
const TOKEN_START = String.raw`(?<=^|[\s,.;:!?()/、。·•\d])`;
/** An age followed by who is served rather than who is hired ("3岁以下婴幼儿", "60岁以上老人"). */
const NOT_CLIENTS = String.raw`(?![^,.;、。\n]{0,4}(?:儿童|婴幼儿|幼儿|婴儿|宝宝|孩子|小孩|老人|老年|长者|客户|用户|学生|学员|患者|青少年|少年))`;
/** "18岁以下勿扰", "未满18周岁者不予录用": an exclusion below an age is a minimum age, not a limit. */
const NOT_MINIMUM = String.raw`(?![^,.;、。\n]{0,3}(?:未成年|${REFUSE}))`;

/**
 * After 男 or 女: not the other sex ("男女不限", "男、女各5名") and not a product, department or room
 * right after ("女装", "男科", "男生宿舍"). Checked right after the character, so backtracking cannot
 * skip it.
 */
const sexGuard = (other: string) =>
  String.raw`(?!(?:性|士|生|工)?(?:${SEP})?${other})(?!(?:性|士|生)?(?:装|鞋|包|款|表|科|篮|足|排|童|厕|宿舍|服装|用品|护肤|职工禁忌))`;
const SEX_SUFFIX = String.raw`(?:性|士|生|工|孩|的|员工)?`;

const PLACE = String.raw`(?:河南|河北|山东|山西|陕西|四川|湖南|湖北|广东|广西|贵州|云南|新疆|西藏|东北|安徽|江西|福建|甘肃|青海|宁夏|内蒙古?|黑龙江|吉林|辽宁|江苏|浙江|海南|潮汕|温州|外地|外省|外市)`;
const PLACE_ITEM = String.raw`${PLACE}(?:省|籍|地区|人)?`;
const PLACE_LIST = String.raw`${PLACE_ITEM}(?:${SEP}${PLACE_ITEM})*`;
/** 本地, 重庆, 重庆主城, 渝北区 … (a district may follow the city: 重庆主城户籍). */
const LOCAL = String.raw`(?:本地|本市|本区|本县|本省|当地|渝|(?:重庆市?)?(?:主城(?:区|九区)?|[\u4e00-\u9fa5]{2}(?:区|县))|重庆市?)`;
const ETHNIC = String.raw`(?:少数民族|维吾尔族|维族|藏族|回族|彝族|苗族|土家族|蒙古族|壮族|满族|侗族|瑶族|白族|哈萨克族|朝鲜族|布依族|傣族|黎族|羌族|新疆人)`;
const ETHNIC_LIST = String.raw`${ETHNIC}(?:${SEP}${ETHNIC})*`;
const HEPB = String.raw`(?:乙肝表面抗原|乙型肝炎|乙肝|hbv|hbsag|澳抗|大三阳|小三阳)`;
const CARRIER = String.raw`(?:${HEPB}|艾滋病|hiv)(?:病毒|病原)?(?:携带者?|阳性|患者|感染者|者)?`;
const ZODIAC = String.raw`属(?:鼠|牛|虎|兔|龙|蛇|马|羊|猴|鸡|狗|猪)(?:${SEP}属?(?:鼠|牛|虎|兔|龙|蛇|马|羊|猴|鸡|狗|猪))*`;
const STAR_SIGN = String.raw`(?:水瓶|双鱼|白羊|金牛|双子|巨蟹|狮子|处女|天秤|天蝎|射手|摩羯)座`;
const COHORT = String.raw`(?:[5-9][05]|0[05]|10)后`;
/** 90后, 95后、00后 — not part of a larger number or a count ("满100后"). */
const COHORTS = String.raw`(?<![\d满超过第])${COHORT}(?:${SEP}${COHORT})*`;

// --- Rules --------------------------------------------------------------------------------------------

type Pattern = { re: RegExp; keep?: (match: string) => boolean };
type RuleDefinition = ScreeningRule & {
  /** Text every pattern of the rule needs; a field without it skips the rule's patterns (for speed). */
  trigger: RegExp;
  patterns: Pattern[];
  /** The restriction may be lawful for work the state closes to women; see PROTECTED_WORK. */
  protectedWorkException?: true;
};

const p = (source: string, keep?: (match: string) => boolean): Pattern => ({ re: new RegExp(source, 'g'), keep });

const CN_DIGITS = '零一二三四五六七八九';
/** 35, 三十五, 十八, 四十, 两 → numbers. */
function parseNumber(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  const digit = (c: string | undefined) => (c === '两' ? 2 : c === undefined ? -1 : CN_DIGITS.indexOf(c));
  const ten = s.indexOf('十');
  if (ten < 0) return digit(s[0]);
  const tens = ten === 0 ? 1 : digit(s[ten - 1]);
  const ones = ten === s.length - 1 ? 0 : digit(s[ten + 1]);
  return tens * 10 + ones;
}
const NUMBERS = /\d{1,3}|[一二三四五六七八九十两]{1,3}/g;
const numbersIn = (s: string) => Array.from(s.matchAll(NUMBERS), (m) => parseNumber(m[0]));

/** Working ages: the law forbids hiring under 16 (劳动法第十五条); above 80 the number is not an age. */
const isWorkingAge = (n: number) => n >= 16 && n <= 80;
const UPPER_WORDS = /以下|以内|之内|不超过|不大于|不高于|低于|小于|未满|不满|控制在/;
/**
 * An age clause is a restriction when it sets an upper bound, or a lower bound above 18: a minimum
 * of 18 or less ("年满18周岁") is the legal working age and lawful (e.g. for night work).
 */
function ageRestricts(match: string): boolean {
  const nums = numbersIn(match);
  if (nums.length === 0) return false;
  const hi = Math.max(...nums);
  const lo = Math.min(...nums);
  if (hi > 80) return false;
  if (nums.length >= 2 || UPPER_WORDS.test(match)) return hi >= 16;
  return lo > 18;
}
const firstIsWorkingAge = (match: string) => isWorkingAge(numbersIn(match)[0] ?? 0);

const GENDER_BASIS_MALE = [basis.women, basis.womensRights, basis.notice2019, basis.adContent];
const GENDER_BASIS_FEMALE = [basis.equality, basis.hrMarket, basis.notice2019, basis.adContent];

function sexPatterns(sex: '男' | '女', other: '男' | '女'): { only: Pattern[]; preferred: Pattern[] } {
  const guard = sexGuard(other);
  return {
    only: [
      // 限男性, 仅限女, 只招男生
      p(String.raw`(?<!不)(?:仅限|只限|限|只招|仅招|只要|限招|只收|仅要)(?:招聘?)?${sex}${guard}${SEX_SUFFIX}`),
      // 招男工, 招聘女服务员
      p(String.raw`招(?:聘|收)?(?:\d+名|[一二三四五六七八九十两]+名|若干名?)?${sex}${guard}(?:服务员|店员|司机|普工|操作工|员工|性|士|生|工|孩|子)?`),
      // 性别：男, 性别要求:女
      p(String.raw`性别(?:要求|限制)?\s*:?\s*(?:限|仅限|为|要求)?\s*${sex}${guard}(?:性|士|生)?`),
      // A bare "男，" / "（女）" in a list of requirements.
      p(String.raw`${TOKEN_START}(?<!${other}${SEP})${sex}${guard}(?:性|士|生)?(?=\s*[,.;、。)]|$)`),
      // 限40岁以下男性, 只招18-35周岁的女性: the restriction word before an age (only an age, so
      // that "限量款男士手表" is not read as one).
      p(String.raw`(?<!不)(?:仅限|只限|限|只招|仅招|只要)[\d\s一二三四五六七八九十两周岁以下内上之至到~-]{1,10}?(?:的)?${sex}${guard}(?:性|士|生)`),
      // Excluding the other sex: 女性勿扰 (a male-only posting), 不招男生 (a female-only one).
      p(String.raw`${other}(?:性|士|生|工)?(?:者)?\s*${REFUSE}`),
      p(String.raw`${REFUSE_BEFORE}${other}${sexGuard(sex)}(?:性|士|生|工)?`),
    ],
    preferred: [p(String.raw`(?<!${other}(?:${SEP})?)${sex}(?:性|士|生|孩)?(?:者)?优先`)],
  };
}
const male = sexPatterns('男', '女');
const female = sexPatterns('女', '男');

const RULES: RuleDefinition[] = [
  {
    id: 'gender.male_only',
    trigger: /男|女/,
    category: 'gender',
    severity: 'block',
    reason: {
      zh: '限定招用男性或排斥女性求职者。除国家规定的不适合妇女的工种或岗位外，不得以性别为由拒绝录用妇女。',
      en: 'Restricts the job to men or turns women away. Except for work the state closes to women, women may not be refused on grounds of sex.',
    },
    basis: GENDER_BASIS_MALE,
    patterns: male.only,
    protectedWorkException: true,
  },
  {
    id: 'gender.male_preferred',
    trigger: /男/,
    category: 'gender',
    severity: 'block',
    reason: { zh: '规定男性优先，属于提高对妇女的录用标准。', en: 'States that men are preferred, which raises the bar for women.' },
    basis: GENDER_BASIS_MALE,
    patterns: male.preferred,
    protectedWorkException: true,
  },
  {
    id: 'gender.female_only',
    trigger: /男|女/,
    category: 'gender',
    severity: 'block',
    reason: { zh: '限定招用女性或排斥男性求职者，招聘信息不得限定性别。', en: 'Restricts the job to women or turns men away; job postings may not restrict the sex of applicants.' },
    basis: GENDER_BASIS_FEMALE,
    patterns: female.only,
  },
  {
    id: 'gender.female_preferred',
    trigger: /女/,
    category: 'gender',
    severity: 'block',
    reason: { zh: '规定女性优先，招聘信息不得设置性别优先。', en: 'States that women are preferred; job postings may not prefer one sex.' },
    basis: GENDER_BASIS_FEMALE,
    patterns: female.preferred,
  },
  {
    id: 'age.upper_limit',
    trigger: /岁|年龄/,
    category: 'age',
    severity: 'warn',
    reason: {
      zh: '设置年龄上限或较高的最低年龄。年龄限制须与岗位要求相关，否则属于应当消除的不合理限制，请人工复核。',
      en: 'Sets an upper age limit or a minimum age above 18. An age limit must follow from the job; otherwise it is an unreasonable restriction to remove. Review it.',
    },
    basis: [basis.equality, basis.fairConditions, basis.planM16],
    patterns: [
      // 35岁以下, 限30周岁以内
      p(String.raw`${NUM}\s*${AGE_UNIT}\s*(?:及|或)?(?:以下|以内|之内)${NOT_CLIENTS}${NOT_MINIMUM}`, firstIsWorkingAge),
      // 不超过40周岁
      p(String.raw`(?:不超过|不得超过|不能超过|不大于|不高于|低于|小于|未满|不满|控制在)\s*${NUM}\s*${AGE_UNIT}${NOT_CLIENTS}${NOT_MINIMUM}`, firstIsWorkingAge),
      // 年龄：18-35岁, 年龄要求25岁左右, 年龄不超过40 (the unit is often left out after 年龄)
      p(
        String.raw`(?<!平均)年龄(?:要求|限制|范围|段)?\s*:?\s*(?:在|为|须|需|要求|限)?\s*(?:(?:不超过|不得超过|不大于|不高于|低于|小于|未满|不满|控制在)\s*)?${NUM}\s*${AGE_UNIT}?(?:\s*${DASH}\s*${NUM}\s*${AGE_UNIT}?)?\s*(?:及|或)?(?:以下|以内|之内|之间|左右|上下|以上)?${NOT_CLIENTS}`,
        ageRestricts,
      ),
      // 18-45周岁 (the unit is required here, so that 工作经验3-5年 and 月薪8000-12000 do not match)
      p(String.raw`${NUM}\s*${AGE_UNIT}?\s*${DASH}\s*${NUM}\s*${AGE_UNIT}(?:之间)?${NOT_CLIENTS}`, ageRestricts),
      // 年满22周岁 (年满18周岁 is the lawful minimum and is kept out by ageRestricts)
      p(String.raw`年满\s*${NUM}\s*${AGE_UNIT}`, ageRestricts),
    ],
  },
  {
    id: 'age.cohort',
    trigger: /后/,
    category: 'age',
    severity: 'warn',
    reason: { zh: '以出生年代（如“90后”）限定或优先录用，实为年龄限制，请人工复核。', en: 'Restricts or prefers applicants by birth cohort ("born in the 90s"), an age limit in disguise. Review it.' },
    basis: [basis.equality, basis.fairConditions, basis.planM16],
    patterns: [p(String.raw`(?:限|仅限|只限|只要|只招|要求)${COHORTS}`), p(String.raw`${COHORTS}\s*(?:者)?(?:优先|为佳)`)],
  },
  {
    id: 'age.excluded',
    trigger: /岁|大龄|中年|年龄偏大/,
    category: 'age',
    severity: 'block',
    reason: {
      zh: '明确排斥某一年龄以上的求职者（如“35岁以上勿扰”），属于不合理的就业限制。',
      en: 'Explicitly turns away applicants above an age ("over 35 need not apply"), an unreasonable restriction.',
    },
    basis: [basis.equality, basis.fairConditions, basis.planM16],
    patterns: [
      p(String.raw`(?<!(?:未满|不满|低于|小于|不足)\s*)${NUM}\s*${AGE_UNIT}\s*(?:及|或)?(?:以上|以外)?(?:的)?(?:人员|人士|者)?\s*${REFUSE}`, firstIsWorkingAge),
      p(String.raw`(?:超过|大于|高于|(?<![未不])满)\s*${NUM}\s*${AGE_UNIT}(?:的)?(?:人员|人士|者)?\s*${REFUSE}`, firstIsWorkingAge),
      p(String.raw`(?:大龄|中年人?|年龄偏大)(?:的)?(?:人员|人士|者)?\s*${REFUSE}`),
    ],
  },
  {
    id: 'marital.status_condition',
    trigger: /婚|单身/,
    category: 'marital',
    severity: 'block',
    reason: { zh: '将婚姻状况（未婚、已婚、单身）作为录用条件。', en: 'Makes marital status (unmarried, married, single) a condition of hiring.' },
    basis: [basis.womensRights, basis.notice2019, basis.adContent],
    patterns: [
      p(
        String.raw`(?<!不限|不论|无论|不问)(?:仅限|只限|限|只招|只要|要求|须为|需为|须|需)?(?:未婚|已婚|单身)(?![、/和或]?(?:未婚|已婚)?(?:均可|不限|皆可|也可))(?!公寓|宿舍|房|楼)(?:者|人士|女性|男性|人员)?(?:优先)?`,
      ),
    ],
  },
  {
    id: 'marital.inquiry',
    trigger: /婚/,
    category: 'marital',
    severity: 'block',
    reason: { zh: '询问或调查求职者的婚育情况。', en: "Asks about or looks into applicants' marital and childbearing status." },
    basis: [basis.womensRights, basis.notice2019],
    patterns: [p(String.raw`(?<!不(?:问|询问|过问|调查|了解|限|论|考虑|涉及)\s*)(?:婚育|婚姻|婚恋)(?:情况|状况|状态)(?!\s*(?:不限|均可))`)],
  },
  {
    id: 'childbearing.status_condition',
    trigger: /育|子女/,
    category: 'childbearing',
    severity: 'block',
    reason: { zh: '将生育状况（已育、未育）作为录用条件。', en: 'Makes childbearing status (has or has not had children) a condition of hiring.' },
    basis: [basis.womensRights, basis.notice2019, basis.adContent],
    patterns: [p(String.raw`(?:已育|已生育|未育|未生育|已有子女|无子女|生育过)(?:者|人士|女性)?(?:优先)?`)],
  },
  {
    id: 'childbearing.restriction',
    trigger: /生|孕|孩子|胎/,
    category: 'childbearing',
    severity: 'block',
    reason: { zh: '限制或询问求职者的生育（如“三年内不生育”“不得怀孕”）。', en: 'Restricts or asks about having children ("no children for three years", "must not become pregnant").' },
    basis: [basis.womensRights, basis.women, basis.notice2019],
    patterns: [
      p(String.raw`(?:\d+|[一二三四五六七八九十两]+)年内(?:不得|不能|不准|不许|不|无)(?:生育|生孩子|生小孩|要孩子|怀孕|结婚生子)`),
      p(String.raw`(?:不得|不能|不准|不许|禁止|不可)(?:怀孕|生育|生孩子|生小孩|要孩子|生二胎|生三胎)`),
      p(String.raw`(?:近期|近两年|近\d年)?(?:无|没有|暂无|不)?(?:生育|怀孕|要孩子|二胎|三胎)(?:计划|打算)`),
    ],
  },
  {
    id: 'childbearing.pregnancy_excluded',
    trigger: /孕|哺乳/,
    category: 'childbearing',
    severity: 'block',
    reason: { zh: '排斥孕期或哺乳期妇女。', en: 'Turns away pregnant or breastfeeding women.' },
    basis: [basis.womensRights, basis.women, basis.notice2019],
    patterns: [p(String.raw`(?:孕妇|孕期|怀孕|哺乳期)(?:者|人员|女性|员工|妈妈)?\s*${REFUSE}`), p(String.raw`${REFUSE_BEFORE}(?:孕妇|孕期|怀孕|哺乳期)`)],
  },
  {
    id: 'childbearing.pregnancy_test',
    trigger: /妊娠|孕/,
    category: 'childbearing',
    severity: 'block',
    reason: { zh: '将妊娠测试（孕检）作为入职体检项目。', en: 'Makes a pregnancy test part of the pre-employment medical.' },
    basis: [basis.womensRights, basis.notice2019],
    patterns: [
      p(String.raw`(?:入职|录用|上岗|应聘|体检)[^,.;。\n]{0,8}?(?:妊娠测试|妊娠检查|妊娠试验|孕检|验孕|早孕检测|怀孕检查)`),
      // 孕检为入职必查项目 (the hiring word after the test)
      p(String.raw`(?:妊娠测试|妊娠检查|孕检|验孕)[^,.;。\n]{0,6}?(?:入职|录用|上岗)`),
    ],
  },
  {
    id: 'hukou.local_only',
    trigger: /户/,
    category: 'hukou',
    severity: 'block',
    reason: { zh: '限定本地或城镇户籍，对户籍设置歧视性限制。', en: 'Requires a local or urban hukou, a discriminatory restriction on household registration.' },
    basis: [basis.ruralWorkers, basis.fairConditions, basis.onlineHukou, basis.hrMarket],
    patterns: [
      // 限本地户口, 仅招重庆户籍, 限城镇户口 (not 户口本, the document)
      p(String.raw`(?<!不)(?:仅限|只限|限|只招|仅招|只要|要求|须为|需为|必须是|必须为|须持有|需持有|须有|需有|持有)${LOCAL}?(?:城镇|非农业?|城市)?(?:户口|户籍|常住户口)(?!本|簿|所在地|迁|证明|不限)`),
      p(String.raw`户籍(?:要求|限制)?\s*:\s*(?:限|须为)?${LOCAL}`),
    ],
  },
  {
    id: 'hukou.local_preferred',
    trigger: /户/,
    category: 'hukou',
    severity: 'block',
    reason: { zh: '本地或城镇户籍优先，对户籍设置差别待遇。', en: 'Prefers a local or urban hukou, treating applicants differently by household registration.' },
    basis: [basis.ruralWorkers, basis.fairConditions, basis.onlineHukou],
    patterns: [p(String.raw`(?:${LOCAL}|城镇|非农业?)(?:户口|户籍)(?:的)?(?:人员|者)?\s*优先`)],
  },
  {
    id: 'hukou.excluded',
    trigger: /户|农村|乡下/,
    category: 'hukou',
    severity: 'block',
    reason: { zh: '排斥外地或农村户籍的求职者。', en: 'Turns away applicants with a non-local or rural hukou.' },
    basis: [basis.ruralWorkers, basis.fairConditions, basis.onlineHukou, basis.hrMarket],
    patterns: [
      p(String.raw`(?:非本地|非本市|非|外地|外省|外市|农村|农业)[^,.;、。\n]{0,4}?(?:户口|户籍)(?:的)?(?:人员|者)?\s*${REFUSE}`),
      p(String.raw`${REFUSE_BEFORE}(?:非本地|非本市|外地|外省|农村|农业)(?:户口|户籍)`),
      p(String.raw`(?:农村|乡下)(?:人|来的)\s*${REFUSE}`),
    ],
  },
  {
    id: 'region.excluded',
    trigger: new RegExp(PLACE),
    category: 'region',
    severity: 'block',
    reason: { zh: '以籍贯或来源地排斥求职者（地域歧视）。', en: 'Turns away applicants by province or place of origin (regional discrimination).' },
    basis: [basis.fairConditions, basis.onlineHukou, basis.hrMarket],
    patterns: [p(String.raw`${PLACE_LIST}(?:的人|人员|人士|员工|朋友|老乡)?\s*${REFUSE}`), p(String.raw`${REFUSE_BEFORE}${PLACE_LIST}`)],
  },
  {
    id: 'region.local_only',
    trigger: /本地|当地|本市|重庆|主城|本区|籍贯/,
    category: 'region',
    severity: 'block',
    reason: { zh: '限定或优先录用本地人、某地籍贯的求职者。', en: 'Restricts the job to, or prefers, people from the locality or a given place of origin.' },
    basis: [basis.fairConditions, basis.onlineHukou],
    patterns: [
      p(String.raw`(?:仅限|只限|限|只招|仅招|只要|须为|需为|必须是|必须为|要求)(?:本地|本市|当地|重庆|主城|本区)(?:人|籍)(?!才|力|口|民)`),
      p(String.raw`(?:本地|当地|本市|重庆)(?:人|籍)(?!才|力|口|民)(?:员工)?\s*优先`),
      p(String.raw`籍贯(?:要求)?\s*:?\s*(?:限|须为|要求)?\s*(?:${LOCAL}|${PLACE})`),
    ],
  },
  {
    id: 'ethnicity.han_only',
    trigger: /汉/,
    category: 'ethnicity',
    severity: 'block',
    reason: { zh: '限定或优先录用汉族，构成民族歧视。', en: 'Restricts the job to, or prefers, Han Chinese: ethnic discrimination.' },
    basis: [basis.equality, basis.ethnicity, basis.hrMarket],
    patterns: [
      p(String.raw`(?:仅限|只限|限|只招|仅招|只要|要求|须为|需为|必须是)汉族`),
      p(String.raw`汉族(?:人员|者|员工)?\s*优先`),
      // A bare "汉族，" in a list of requirements.
      p(String.raw`${TOKEN_START}汉族(?=\s*[,.;、。)]|$)`),
      p(String.raw`民族(?:要求)?\s*:\s*(?:限|仅限)?汉族?(?![^,.;、。\n]{0,2}(?:不限|均可))`),
    ],
  },
  {
    id: 'ethnicity.excluded',
    trigger: new RegExp(ETHNIC),
    category: 'ethnicity',
    severity: 'block',
    reason: {
      zh: '排斥少数民族或某一民族的求职者（依法应对少数民族劳动者给予适当照顾）。',
      en: 'Turns away ethnic minorities or a given ethnic group (the law asks for due consideration of minority workers instead).',
    },
    basis: [basis.equality, basis.ethnicity, basis.hrMarket],
    patterns: [p(String.raw`${ETHNIC_LIST}(?:人员|人士|同胞|朋友|员工|者)?\s*${REFUSE}`), p(String.raw`${REFUSE_BEFORE}${ETHNIC_LIST}`)],
  },
  {
    id: 'other.religion',
    trigger: /宗教|信|基督|佛教|穆斯林/,
    category: 'other',
    severity: 'block',
    reason: { zh: '以宗教信仰排斥或限定求职者。', en: 'Turns away or selects applicants by religious belief.' },
    basis: [basis.equality, basis.hrMarket],
    patterns: [
      p(String.raw`(?:有)?(?:宗教信仰|信仰宗教|信教|信佛|信基督|基督徒|佛教徒|穆斯林|信伊斯兰教)(?:的)?(?:者|人员|人士|员工)?\s*${REFUSE}`),
      p(String.raw`${REFUSE_BEFORE}(?:有宗教信仰|信教|穆斯林|基督徒|佛教徒)`),
      p(String.raw`(?:限|要求|须|需)?无宗教信仰`),
    ],
  },
  {
    id: 'other.irrelevant_trait',
    trigger: /属|座|型血/,
    category: 'other',
    severity: 'warn',
    reason: { zh: '以属相、星座、血型等与岗位无关的特征筛选求职者。', en: 'Screens applicants by traits unrelated to the job, such as zodiac sign or blood type.' },
    basis: [basis.fairConditions, basis.planM16],
    patterns: [
      p(String.raw`${ZODIAC}(?:相)?(?:的)?(?:者|人员|人)?\s*(?:${REFUSE}|优先)`),
      p(String.raw`${STAR_SIGN}(?:的)?(?:者|人)?\s*(?:${REFUSE}|优先)`),
      p(String.raw`(?:限|要求|只要|须为|仅限)(?:ab|a|b|o)型血|(?:ab|a|b|o)型血(?:者)?\s*(?:优先|${REFUSE})`),
    ],
  },
  {
    id: 'health.carrier_excluded',
    trigger: new RegExp(String.raw`${HEPB}|艾滋病|hiv`),
    category: 'health',
    severity: 'block',
    reason: { zh: '以乙肝病毒等传染病病原携带为由拒绝录用。', en: 'Refuses carriers of hepatitis B or another infectious agent.' },
    basis: [basis.carriers, basis.notice2010, basis.adContent],
    patterns: [
      p(String.raw`${CARRIER}(?:${SEP}${CARRIER})*(?:人员|员工)?\s*${REFUSE}`),
      p(String.raw`${REFUSE_BEFORE}${CARRIER}`),
      // 需无乙肝 (not 无传染病: food handlers may lawfully be required to be free of listed diseases)
      p(String.raw`(?:需|须|要求|必须|限)无${CARRIER}`),
    ],
  },
  {
    id: 'health.hepb_test',
    trigger: new RegExp(String.raw`${HEPB}|两对半`),
    category: 'health',
    severity: 'block',
    reason: { zh: '将乙肝项目检测（乙肝五项、两对半等）作为入职体检或录用条件。', en: 'Makes hepatitis B tests (the five markers, HBsAg) part of the pre-employment medical or a hiring condition.' },
    basis: [basis.notice2010, basis.carriers],
    patterns: [
      p(
        String.raw`(?:入职前体检|入职体检|录用体检|岗前体检|上岗体检|体检(?:项目)?(?:需|须|要)?(?:含|包括|包含|加查|需查|须查|要查)|(?:需|须|要求|必须)(?:查|检查|检测|提供|出具|做))[^,.;。\n]{0,12}?(?:乙肝两对半|乙肝五项|乙肝三系|两对半|${HEPB})(?:检测|检查)?(?:报告)?`,
      ),
    ],
  },
  {
    id: 'health.disability_excluded',
    trigger: /残/,
    category: 'health',
    severity: 'block',
    reason: { zh: '排斥残疾人求职者。', en: 'Turns away applicants with disabilities.' },
    basis: [basis.disability, basis.adContent],
    patterns: [
      p(String.raw`${REFUSE_BEFORE}(?:身体|肢体)?(?:残疾|残障)(?:人士|人|者)?`),
      p(String.raw`(?:身体|肢体)?(?:残疾|残障)(?:的)?(?:人士|人|者)?\s*${REFUSE}`),
    ],
  },
  {
    id: 'health.able_bodied',
    trigger: /健全|残疾/,
    category: 'health',
    severity: 'warn',
    reason: { zh: '要求身体健全、无残疾；仅在岗位确有需要时方可提出，请人工复核。', en: 'Asks for an able body with no disability; acceptable only where the job needs it. Review it.' },
    basis: [basis.disability],
    patterns: [p(String.raw`(?:要求|须|需)?(?:四肢健全|肢体健全|身体健全|身体无残疾|无残疾)`)],
  },
  {
    id: 'appearance.height',
    trigger: /身高/,
    category: 'appearance',
    severity: 'warn',
    reason: { zh: '设置身高要求；仅在岗位确有需要时方可提出，请人工复核。', en: 'Sets a height requirement; acceptable only where the job needs it. Review it.' },
    basis: [basis.equality, basis.fairConditions],
    patterns: [
      p(String.raw`身高(?:要求)?\s*:?\s*(?:男|女)?\s*(?:在)?\s*(?:1\.\d{1,2}\s*(?:米|m)|1\d{2}(?:\.\d)?\s*(?:cm|厘米|公分)?)\s*(?:及)?(?:以上|左右|以下)?`),
    ],
  },
  {
    id: 'appearance.looks',
    trigger: /端正|长相|形象|气质|颜值|外形|身材|体型|体重|纹身|文身|刺青/,
    category: 'appearance',
    severity: 'warn',
    reason: { zh: '对相貌、形象、体型提出要求；仅在岗位确有需要时方可提出，请人工复核。', en: 'Asks for looks, image or build; acceptable only where the job needs it. Review it.' },
    basis: [basis.equality, basis.fairConditions],
    patterns: [
      p(
        String.raw`五官端正|相貌端正|容貌端正|面容端正|长相(?:甜美|端正|好|出众|清秀)|形象(?:好|佳|良好)?\s*[,、]?\s*气质(?:好|佳|优雅)|气质佳|形象(?:好|佳|出众)|颜值高|外形(?:好|佳|靓丽|出众)|身材(?:好|匀称|高挑|苗条)|体型(?:匀称|标准|偏瘦)|体重\s*\d{2,3}\s*(?:斤|公斤|kg)\s*以[下内]`,
      ),
      p(String.raw`(?:无|不能有|不得有|不可有)(?:纹身|文身|刺青)|(?:有)?(?:纹身|文身|刺青)(?:的)?(?:者)?\s*${REFUSE}`),
    ],
  },
];

export const SCREENING_RULES: readonly ScreeningRule[] = Object.freeze(
  RULES.map(({ id, category, severity, reason, basis: b }) => Object.freeze({ id, category, severity, reason, basis: b })),
);

// --- The protected-work exception ---------------------------------------------------------------------

/**
 * Work the state closes to women (女职工劳动保护特别规定, 附录; 劳动法第五十九条): underground mining,
 * grade-IV physical labour, heavy loads. A male-only condition on such a job may be lawful, so it is
 * downgraded to a warning for a person to check rather than blocked.
 */
const PROTECTED_WORK = /矿山井下|煤矿井下|井下(?:作业|采掘|采煤|掘进|工|一线)|采掘工|采煤工|掘进工|第四级体力劳动|四级体力劳动强度/;
const HEAVY_LOAD = /(?:负重|搬运|扛|背|单件|每件|每包|每袋|每次|重达|重约)[^,.;。\n]{0,8}?(\d{2,3})\s*(公斤|千克|kg|斤)/g;
/** The appendix bars loads over 20 kg lifted six or more times an hour, or over 25 kg now and then. */
const LOAD_LIMIT_KG = 20;

export const PROTECTED_WORK_EXCEPTION: { reason: { zh: string; en: string }; basis: LegalBasis[] } = {
  reason: {
    zh: '岗位可能属于国家规定的不适合妇女的工种或岗位（如矿山井下作业、第四级体力劳动强度、超重负重作业），性别限制可能合法，须人工核实是否符合《女职工劳动保护特别规定》附录。',
    en: 'The job may be work the state closes to women (underground mining, grade-IV physical labour, heavy loads), so the restriction may be lawful; a person must check it against the appendix of the Special Rules on the Labour Protection of Female Employees.',
  },
  basis: [basis.women, basis.femaleProtection, basis.labourLawWomen],
};

function isProtectedWork(folded: string[]): boolean {
  for (const text of folded) {
    if (PROTECTED_WORK.test(text)) return true;
    for (const m of text.matchAll(HEAVY_LOAD)) {
      const kg = m[2] === '斤' ? Number(m[1]) / 2 : Number(m[1]);
      if (kg > LOAD_LIMIT_KG) return true;
    }
  }
  return false;
}

// --- Screening ----------------------------------------------------------------------------------------

const FOLDABLE = /[\uFF01-\uFF5E\u3000A-Z]/;
const FOLDABLE_ALL = /[\uFF01-\uFF5E\u3000A-Z]/g;
/** Full-width ASCII to ASCII, ideographic space to space, A-Z to a-z: one code unit each, so offsets hold. */
function fold(s: string): string {
  if (!FOLDABLE.test(s)) return s;
  return s.replace(FOLDABLE_ALL, (c) => {
    const code = c.charCodeAt(0);
    if (code === 0x3000) return ' ';
    if (code >= 0xff01) return String.fromCharCode(code - 0xfee0).toLowerCase();
    return c.toLowerCase();
  });
}

const FIELDS = ['title', 'description', 'requirements'] as const;
type Field = (typeof FIELDS)[number];
const FIELD_ORDER: Record<Field, number> = { title: 0, description: 1, requirements: 2 };

/**
 * Screens one posting. Findings are sorted by field (title, description, requirements) then offset.
 * Where matches of the same category overlap in a field, one is kept: a blocking one over a warning,
 * then the longest (so "45岁以上勿扰" is one blocking finding, not also a warning about "45岁以上").
 */
export function screenPosting(input: ScreeningInput): ScreeningFinding[] {
  const texts: Record<Field, string> = { title: input.title, description: input.description, requirements: input.requirements ?? '' };
  const folded = FIELDS.map((f) => fold(texts[f]));
  let protectedWork: boolean | undefined; // computed only when a male-only match needs it

  const candidates: ScreeningFinding[] = [];
  FIELDS.forEach((field, i) => {
    const text = folded[i]!;
    if (text.length === 0) return;
    for (const rule of RULES) {
      if (!rule.trigger.test(text)) continue;
      for (const { re, keep } of rule.patterns) {
        re.lastIndex = 0;
        for (let m = re.exec(text); m !== null; m = re.exec(text)) {
          if (m[0].length === 0) {
            re.lastIndex++;
            continue;
          }
          if (keep && !keep(m[0])) continue;
          const start = m.index;
          const end = start + m[0].length;
          let severity = rule.severity;
          let reason = rule.reason;
          let findingBasis = rule.basis;
          if (rule.protectedWorkException && (protectedWork ??= isProtectedWork(folded))) {
            severity = 'warn';
            reason = PROTECTED_WORK_EXCEPTION.reason;
            findingBasis = [...rule.basis, ...PROTECTED_WORK_EXCEPTION.basis.filter((b) => !rule.basis.includes(b))];
          }
          candidates.push({ rule: rule.id, category: rule.category, severity, phrase: texts[field].slice(start, end), field, start, end, reason, basis: findingBasis });
        }
      }
    }
  });

  candidates.sort(
    (a, b) => FIELD_ORDER[a.field] - FIELD_ORDER[b.field] || severityRank(a) - severityRank(b) || b.end - b.start - (a.end - a.start) || a.start - b.start || byRule(a, b),
  );
  const kept: ScreeningFinding[] = [];
  for (const c of candidates) {
    const overlaps = kept.some((k) => k.field === c.field && k.category === c.category && k.start < c.end && c.start < k.end);
    if (!overlaps) kept.push(c);
  }
  return kept.sort((a, b) => FIELD_ORDER[a.field] - FIELD_ORDER[b.field] || a.start - b.start || byRule(a, b));
}

const severityRank = (f: ScreeningFinding) => (f.severity === 'block' ? 0 : 1);
const byRule = (a: ScreeningFinding, b: ScreeningFinding) => (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);

export function hasBlocking(findings: ScreeningFinding[]): boolean {
  return findings.some((f) => f.severity === 'block');
}
