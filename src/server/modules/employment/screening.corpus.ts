// A labelled corpus of Chongqing-style job postings for the discrimination screening (M16), and the
// posting-level precision/recall over it, shared by the test and bench/screening.bench.ts.
// Each posting was written as an employer would write it, then labelled with the categories a
// reviewer should flag and the strongest severity the screening should give (null: no finding).
import { hasBlocking, screenPosting, type ScreeningCategory, type ScreeningFinding, type ScreeningSeverity } from './screening.js';

export type CorpusPosting = {
  id: string;
  title: string;
  description: string;
  expect: { categories: ScreeningCategory[]; severity: ScreeningSeverity | null };
};

const clean = { categories: [], severity: null } as const satisfies CorpusPosting['expect'];
const flag = (severity: ScreeningSeverity, ...categories: ScreeningCategory[]): CorpusPosting['expect'] => ({ categories, severity });

export const SCREENING_CORPUS: CorpusPosting[] = [
  // --- Clean postings: nothing to flag, including the phrases that look like violations but are not.
  {
    id: 'clean-01',
    title: '两江新区电子厂普工',
    description:
      '两江新区水土街道某电子厂招普工50名，男女不限，年满18周岁，身体健康，能适应两班倒。月综合收入5500-7500元，包吃住，入职即缴五险。工作地点：重庆市两江新区水土街道。',
    expect: clean,
  },
  {
    id: 'clean-02',
    title: '总账会计',
    description:
      '公司成立35年，是渝北区老牌建材企业。岗位职责：负责总账、税务申报及月度报表。任职要求：会计相关专业，工作经验3-5年，持初级会计职称，熟练使用用友U8和Excel。月薪8000-12000元。',
    expect: clean,
  },
  {
    id: 'clean-03',
    title: '行政前台',
    description:
      '负责来访接待、快递收发、会议室预订和办公用品管理。普通话标准，性别不限，有行政前台经验者优先。工作地点：九龙坡区杨家坪步行街附近写字楼，双休。',
    expect: clean,
  },
  {
    id: 'clean-04',
    title: '医院护工',
    description:
      '沙坪坝区某三甲医院招护工，负责住院病人的生活照料。需持健康证，有护理员证者优先，能适应夜班。公司统一培训后上岗，月薪5000元起，包住。',
    expect: clean,
  },
  {
    id: 'clean-05',
    title: 'Java软件工程师',
    description:
      '我们的平台已服务35万用户。任职要求：本科及以上学历，3年以上Java开发经验，熟悉Spring Boot、MySQL、Redis，有分布式系统经验者优先。工作地点：两江新区互联网产业园。薪资15-25K，14薪。',
    expect: clean,
  },
  {
    id: 'clean-06',
    title: '货车司机（A2）',
    description:
      '持A2驾照，5年以上驾龄，熟悉重庆路况，能接受重庆市内出差及川渝短途运输。无重大交通事故记录。月薪9000-11000元，出车有补贴。',
    expect: clean,
  },
  {
    id: 'clean-07',
    title: '川菜厨师',
    description:
      '解放碑商圈江湖菜馆招厨师2名。需持健康证，擅长川菜、江湖菜，有3年以上炒锅经验。月薪7000-9000元，包两餐，月休4天。',
    expect: clean,
  },
  {
    id: 'clean-08',
    title: '小区保安',
    description:
      '渝中区高档住宅小区招保安员，年满18周岁，持保安员证，能适应夜班和轮班。五险一金，包住，月薪4200元。',
    expect: clean,
  },
  {
    id: 'clean-09',
    title: '汽车销售顾问',
    description:
      '南岸区4S店招销售顾问，不限专业，不限户籍，有汽车销售经验者优先，持C1驾照。底薪4000元+提成，综合月收入8000-15000元。',
    expect: clean,
  },
  {
    id: 'clean-10',
    title: '小学语文教师',
    description:
      '北碚区民办小学招语文教师，持小学及以上教师资格证，普通话二级甲等及以上，师范类专业优先。提供教师公寓，寒暑假带薪。',
    expect: clean,
  },
  {
    id: 'clean-11',
    title: '快递派送员',
    description:
      '巴南区李家沱站点招快递员，会骑电动车，熟悉巴南区道路，多劳多得，月入8000-12000元，站点提供电动车租赁。',
    expect: clean,
  },
  {
    id: 'clean-12',
    title: '井下采掘工',
    description:
      '綦江区某煤矿招井下采掘工，需持特种作业操作证（煤矿井下作业），入职前接受不少于72学时的安全培训。实行四班三倒，月薪10000元以上，缴纳工伤保险。',
    expect: clean,
  },
  {
    id: 'clean-13',
    title: '外卖骑手',
    description: '江北区观音桥商圈招外卖骑手，年龄不限，有电动车即可，时间自由，单量充足，日结周结均可。',
    expect: clean,
  },
  {
    id: 'clean-14',
    title: '电话客服',
    description:
      '负责接听客户来电、处理售后咨询。会说普通话和重庆话，打字速度每分钟50字以上，能接受早晚班倒班。工作地点：重庆市渝北区仙桃数据谷。',
    expect: clean,
  },
  {
    id: 'clean-15',
    title: '清真餐厅服务员',
    description:
      '渝中区清真餐厅招服务员3名，负责点单传菜，需尊重少数民族风俗习惯，店内不得携带猪肉制品。需持健康证，包两餐。',
    expect: clean,
  },
  {
    id: 'clean-16',
    title: '土家风味餐厅厨师',
    description:
      '黔江区土家风味餐厅招厨师，擅长土家族特色菜（如酸鲊肉、绿豆粉），少数民族优先。需持健康证，月薪6000元起。',
    expect: clean,
  },
  {
    id: 'clean-17',
    title: '数据录入员（残疾人专岗）',
    description:
      '欢迎残疾人朋友应聘，提供无障碍工位和弹性工作时间。会使用电脑，能熟练录入，残疾人优先。地点：大渡口区。',
    expect: clean,
  },
  {
    id: 'clean-18',
    title: '食品厂包装工',
    description: '璧山区食品厂招包装工20名，需办理健康证（公司协助办理），能适应流水线站立作业，计件工资，月均5000元。',
    expect: clean,
  },
  {
    id: 'clean-19',
    title: '幼儿园保育员',
    description: '渝北区幼儿园招保育员，持保育员证和健康证，热爱幼教事业，有耐心，能配合班级老师做好幼儿生活照料。',
    expect: clean,
  },
  {
    id: 'clean-20',
    title: '维修电工',
    description: '长寿经开区化工企业招维修电工，持低压电工证，2年以上工业设备维修经验，能接受倒班。月薪7000-9000元。',
    expect: clean,
  },
  {
    id: 'clean-21',
    title: '仓库管理员',
    description: '西永综保区物流仓招仓管员，熟悉WMS系统，持叉车证者优先，工作经验1-3年，月薪6000-8000元。',
    expect: clean,
  },
  {
    id: 'clean-22',
    title: '行政助理',
    description:
      '负责公司行政事务、考勤统计。福利：五险一金（含生育保险）、带薪年假、婚假产假按国家规定执行，节日福利。工作地点：江北嘴金融城。',
    expect: clean,
  },
  {
    id: 'clean-23',
    title: '数据分析师',
    description: '团队平均年龄28岁，氛围年轻开放。要求：统计学或计算机相关专业，熟练使用SQL和Python，有电商数据分析经验者优先。',
    expect: clean,
  },
  {
    id: 'clean-24',
    title: '地接导游',
    description: '持导游证，熟悉重庆历史文化和主城景点，能接受节假日带团，普通话标准，会英语者优先。',
    expect: clean,
  },
  {
    id: 'clean-25',
    title: '育婴师',
    description: '家政公司招育婴师，持育婴师证，有照顾新生儿经验，熟悉孕产妇护理和月子餐制作，能住家。月薪8000-12000元。',
    expect: clean,
  },
  {
    id: 'clean-26',
    title: '妇产科护士',
    description: '九龙坡区民营医院招护士，持护士执业证书，有妇产科工作经验者优先，能适应夜班。',
    expect: clean,
  },
  {
    id: 'clean-27',
    title: '女装店导购',
    description: '观音桥商圈女装店招导购，负责女装陈列与销售，有服装销售经验优先，底薪3500元+提成。',
    expect: clean,
  },
  {
    id: 'clean-28',
    title: '男装品牌店长',
    description: '负责男装门店日常运营和团队管理，2年以上服装零售管理经验，能完成月度销售目标。地点：沙坪坝三峡广场。',
    expect: clean,
  },
  {
    id: 'clean-29',
    title: '建筑施工员',
    description: '持施工员证，3年以上房建项目经验，能适应工地环境，需在重庆主城各项目之间调动。',
    expect: clean,
  },
  {
    id: 'clean-30',
    title: '超市理货员',
    description: '早班7:00-15:00，晚班15:00-23:00，两班倒，男女均可，有超市工作经验优先。地点：永川区。',
    expect: clean,
  },
  {
    id: 'clean-31',
    title: '网约车司机',
    description: '驾龄满3年，无重大交通事故记录，车辆需为重庆牌照，可申领网约车驾驶员证。多劳多得。',
    expect: clean,
  },
  {
    id: 'clean-32',
    title: '夜班保洁',
    description: '商场夜间保洁，需年满18周岁（夜间作业），工作时间22:00-次日6:00，月薪3800元。',
    expect: clean,
  },
  {
    id: 'clean-33',
    title: '外贸业务员',
    description: '英语六级，能接受海外出差，公司服务全球35个国家的客户。底薪6000元+提成。地点：两江新区果园港。',
    expect: clean,
  },
  {
    id: 'clean-34',
    title: '体检中心护士',
    description:
      '岗位职责：为来检客户进行静脉采血，协助完成血常规、肝功能、乙肝五项等检验标本的采集与送检。任职要求：持护士执业证书，有采血经验。',
    expect: clean,
  },
  {
    id: 'clean-35',
    title: '婚纱摄影师',
    description: '婚纱摄影工作室招摄影师，熟悉婚礼跟拍和后期修图，有作品集。工作地点：渝中区。',
    expect: clean,
  },
  {
    id: 'clean-36',
    title: '前端开发工程师',
    description: '年龄不限，能力优先。熟悉React和TypeScript，有政务或企业后台项目经验者优先。提供单身宿舍，餐补。',
    expect: clean,
  },
  {
    id: 'clean-37',
    title: '养老护理员',
    description: '江津区养老院招护理员，照护60岁以上失能老人，持养老护理员证优先，能适应倒班。包吃住，月薪5000元。',
    expect: clean,
  },
  {
    id: 'clean-38',
    title: '托育中心保育师',
    description: '负责3岁以下婴幼儿的日常照护，持保育师证或育婴师证，需持健康证。工作地点：渝北区回兴街道。',
    expect: clean,
  },
  {
    id: 'clean-39',
    title: '医药代表',
    description: '医药相关专业，有本地医院资源者优先，能适应出差，底薪5000元+绩效。',
    expect: clean,
  },
  {
    id: 'clean-40',
    title: '叉车司机',
    description: '持叉车证，工作经验1-3年，月薪6000-8000元，性别不限。地点：九龙坡区白市驿。',
    expect: clean,
  },

  // --- Postings with violations.
  {
    id: 'bad-01',
    title: '铝加工厂普工',
    description: '九龙坡区西彭镇铝加工厂招普工20名，限男性，18-45周岁，能吃苦耐劳，适应倒班。月薪6000-8000元，包住。',
    expect: flag('block', 'gender', 'age'),
  },
  {
    id: 'bad-02',
    title: '前台文员',
    description: '限女性，身高160cm以上，形象气质佳，22-30岁，大专及以上学历，熟练使用办公软件。地点：渝北区新牌坊。',
    expect: flag('block', 'gender', 'appearance', 'age'),
  },
  {
    id: 'bad-03',
    title: '出纳会计',
    description: '女士优先，已婚已育，有5年以上出纳经验，持初级会计职称，为人细心。工作地点：南坪。',
    expect: flag('block', 'gender', 'marital', 'childbearing'),
  },
  {
    id: 'bad-04',
    title: '高级软件工程师',
    description: '统招本科及以上学历，35岁以下，5年以上Go或Java后端开发经验，能接受弹性加班。工作地点：两江新区礼嘉。',
    expect: flag('warn', 'age'),
  },
  {
    id: 'bad-05',
    title: '商务司机',
    description: '要求：男，45岁以下，持C1驾照，驾龄5年以上，熟悉主城路况，无不良嗜好。',
    expect: flag('block', 'gender', 'age'),
  },
  {
    id: 'bad-06',
    title: '银行网点保安',
    description: '限本地户口，50岁以下，身高170以上，退伍军人优先，需持保安员证。',
    expect: flag('block', 'hukou', 'age', 'appearance'),
  },
  {
    id: 'bad-07',
    title: '快递分拣员',
    description: '沙坪坝区分拨中心招分拣员，夜班，计件工资。河南人勿扰。',
    expect: flag('block', 'region'),
  },
  {
    id: 'bad-08',
    title: '房产销售',
    description: '底薪3000元+高提成，有房产销售经验优先，非重庆户籍勿扰。',
    expect: flag('block', 'hukou'),
  },
  {
    id: 'bad-09',
    title: '火锅店后厨',
    description: '需持健康证，乙肝携带者勿扰，能吃苦，月休4天，包吃住。地点：渝中区较场口。',
    expect: flag('block', 'health'),
  },
  {
    id: 'bad-10',
    title: '病房护工',
    description: '限汉族，有护理经验，能适应24小时陪护。月薪6000元。',
    expect: flag('block', 'ethnicity'),
  },
  {
    id: 'bad-11',
    title: '人事专员',
    description: '人力资源管理相关专业，2年以上招聘经验，入职后三年内不生育，能适应出差。',
    expect: flag('block', 'childbearing'),
  },
  {
    id: 'bad-12',
    title: '电商客服',
    description: '负责淘宝店铺售前售后，打字快，孕妇勿扰。早晚班，月薪4000-6000元。',
    expect: flag('block', 'childbearing'),
  },
  {
    id: 'bad-13',
    title: '区域销售经理',
    description: '负责渝西片区渠道开发，有快消品销售管理经验，45岁以上勿扰，底薪8000元+提成。',
    expect: flag('block', 'age'),
  },
  {
    id: 'bad-14',
    title: '电子厂操作工',
    description: '入职体检含乙肝五项，大三阳不予录用。长白班，月薪5500元，包住。地点：西永微电园。',
    expect: flag('block', 'health'),
  },
  {
    id: 'bad-15',
    title: '井下采掘工',
    description: '南川区煤矿招井下采掘工，限男性，从事矿山井下作业，需持特种作业操作证，月薪12000元以上。',
    expect: flag('warn', 'gender'),
  },
  {
    id: 'bad-16',
    title: '建材装卸工',
    description: '限男性，需搬运单件50公斤的水泥和瓷砖，计件工资，多劳多得。地点：巴南区界石。',
    expect: flag('warn', 'gender'),
  },
  {
    id: 'bad-17',
    title: '英语培训讲师',
    description: '英语专业八级，限未婚，28周岁以下，能接受周末上课。',
    expect: flag('block', 'marital', 'age'),
  },
  {
    id: 'bad-18',
    title: '服装厂车工',
    description: '熟练工优先，计件工资，少数民族勿扰。地点：万州区。',
    expect: flag('block', 'ethnicity'),
  },
  {
    id: 'bad-19',
    title: '仓储理货员',
    description: '负责入库出库、盘点，能熟练使用扫码枪。不招残疾人。月薪5000元。',
    expect: flag('block', 'health'),
  },
  {
    id: 'bad-20',
    title: '美容顾问',
    description: '五官端正，身高158以上，有美容院工作经验优先，底薪+提成。地点：观音桥。',
    expect: flag('warn', 'appearance'),
  },
  {
    id: 'bad-21',
    title: '新媒体运营',
    description: '熟悉抖音和小红书运营，会剪辑，90后优先。地点：渝中区化龙桥。',
    expect: flag('warn', 'age'),
  },
  {
    id: 'bad-22',
    title: '物业管理员',
    description: '限城镇户口，大专以上学历，有物业管理经验优先。',
    expect: flag('block', 'hukou'),
  },
  {
    id: 'bad-23',
    title: '银行大堂经理（派遣）',
    description: '金融相关专业，有银行工作经验优先，农业户口勿扰。',
    expect: flag('block', 'hukou'),
  },
  {
    id: 'bad-24',
    title: '酒店服务员',
    description: '酒店客房服务员，包吃住，新疆、西藏籍勿扰。',
    expect: flag('block', 'region'),
  },
  {
    id: 'bad-25',
    title: '物流跟车员',
    description: '跟车装卸，不招四川籍、贵州籍员工，月薪5000-7000元。',
    expect: flag('block', 'region'),
  },
  {
    id: 'bad-26',
    title: '门店店员',
    description: '负责收银和理货，有宗教信仰者勿扰，排班制。',
    expect: flag('block', 'other'),
  },
  {
    id: 'bad-27',
    title: '财务主管',
    description: '中级会计职称，8年以上财务管理经验，属虎、属蛇者勿扰。',
    expect: flag('warn', 'other'),
  },
  {
    id: 'bad-28',
    title: '招聘专员',
    description: '面试时需如实说明婚育情况，有招聘工作经验，熟悉各大招聘平台。',
    expect: flag('block', 'marital'),
  },
  {
    id: 'bad-29',
    title: '研发助理',
    description: '生物或化学相关专业，入职需做孕检，能适应实验室工作。',
    expect: flag('block', 'childbearing'),
  },
  {
    id: 'bad-30',
    title: '酒吧服务生',
    description: '只招男生，能上夜班，形象好，月薪5000元+提成。地点：九街。',
    expect: flag('block', 'gender', 'appearance'),
  },
  {
    id: 'bad-31',
    title: '幼儿园配班老师',
    description: '学前教育专业，女生优先，持教师资格证。',
    expect: flag('block', 'gender'),
  },
  {
    id: 'bad-32',
    title: '送餐员',
    description: '性别：男，年龄：20-40岁，有电动车，熟悉大渡口区道路。',
    expect: flag('block', 'gender', 'age'),
  },
  {
    id: 'bad-33',
    title: '外贸跟单员',
    description: '性别要求：女，英语四级以上，熟悉外贸流程和单证操作。',
    expect: flag('block', 'gender'),
  },
  {
    id: 'bad-34',
    title: '电话销售',
    description: '本地人优先，底薪2500元+提成，有电话销售经验者优先。',
    expect: flag('block', 'region'),
  },
  {
    id: 'bad-35',
    title: '网约车专职司机',
    description: '仅招重庆户籍，驾龄3年以上，公司提供车辆。',
    expect: flag('block', 'hukou'),
  },
  {
    id: 'bad-36',
    title: '保险内勤',
    description: '婚育情况：已婚已育者优先，细心负责，会使用办公软件。',
    expect: flag('block', 'marital', 'childbearing'),
  },
  {
    id: 'bad-37',
    title: '生产总监',
    description: '年龄不超过40岁，10年以上制造业生产管理经验，有汽车零部件行业背景优先。',
    expect: flag('warn', 'age'),
  },
  {
    id: 'bad-38',
    title: '药店营业员',
    description: '乙肝病原携带者不录用，需持健康证，医药相关专业优先。',
    expect: flag('block', 'health'),
  },
  {
    id: 'bad-39',
    title: '空调安装工',
    description: '需高空作业，身体残疾勿扰，有电工证优先，计件工资。',
    expect: flag('block', 'health'),
  },
  {
    id: 'bad-40',
    title: '西餐厅服务员',
    description: '身高165以上，形象好气质佳，有纹身者勿扰，会基础英语优先。',
    expect: flag('warn', 'appearance'),
  },
  {
    id: 'bad-41',
    title: '住家保姆',
    description: '限30周岁以内，仅限女，照顾一家三口日常起居，有做饭经验。',
    expect: flag('block', 'age', 'gender'),
  },
  {
    id: 'bad-42',
    title: '直播主播',
    description: '颜值高，表达能力强，合同期内不得怀孕，底薪6000元+提成。',
    expect: flag('block', 'appearance', 'childbearing'),
  },
  {
    id: 'bad-43',
    title: '物业客服',
    description: '汉族优先，大专以上学历，普通话标准，能处理业主投诉。',
    expect: flag('block', 'ethnicity'),
  },
  {
    id: 'bad-44',
    title: '计件包装工',
    description: '限95后、00后，手脚麻利，计件工资。地点：江津双福。',
    expect: flag('warn', 'age'),
  },
  {
    id: 'bad-45',
    title: '机修学徒',
    description: '男生优先，能吃苦，包教包会，学徒期月薪3000元。',
    expect: flag('block', 'gender'),
  },
  {
    id: 'bad-46',
    title: '出纳',
    description: '需查乙肝两对半，持会计证，为人诚实。地点：北碚区。',
    expect: flag('block', 'health'),
  },
  {
    id: 'bad-47',
    title: '招聘女服务员若干',
    description: '火锅店服务员，包吃住，月休4天，需持健康证。',
    expect: flag('block', 'gender'),
  },
  {
    id: 'bad-48',
    title: '招男工10名',
    description: '钢筋加工厂，长白班，月薪7000元，包住。地点：长寿区。',
    expect: flag('block', 'gender'),
  },
  {
    id: 'bad-49',
    title: '行政文员',
    description: '年龄要求：25-35周岁，未婚，大专及以上学历。',
    expect: flag('block', 'age', 'marital'),
  },
  {
    id: 'bad-50',
    title: '小区门卫',
    description: '外地人勿扰，60岁以下，能值夜班。',
    expect: flag('block', 'region', 'age'),
  },
  {
    id: 'bad-51',
    title: '大客户经理',
    description: '年龄三十五岁以下，有政企客户资源，能适应高强度出差，本地户口优先。',
    expect: flag('block', 'age', 'hukou'),
  },
  {
    id: 'bad-52',
    title: '技术员',
    description: '大专以上学历，体检需提供乙肝表面抗原检测报告，有数控经验。',
    expect: flag('block', 'health'),
  },
];

/**
 * Postings written after the rules were first run on SCREENING_CORPUS, in other wording, to see how the
 * rules do on text they were not written against. Reported beside the corpus; see the notes for the
 * first, untuned run.
 */
export const SCREENING_HOLDOUT: CorpusPosting[] = [
  { id: 'hold-v01', title: '招聘男普工5名', description: '璧山工业园注塑车间，年龄20～50岁，能上夜班，包吃住。', expect: flag('block', 'gender', 'age') },
  { id: 'hold-v02', title: '仓库文员', description: '只要女孩子，细心耐心，会用Excel，月薪4500元。', expect: flag('block', 'gender') },
  { id: 'hold-v03', title: '社区团购团长助理', description: '应聘者须为重庆籍，熟悉所在小区。', expect: flag('block', 'region') },
  { id: 'hold-v04', title: '董事长秘书', description: '本岗位要求未婚未育，能随时出差。', expect: flag('block', 'marital', 'childbearing') },
  { id: 'hold-v05', title: '运营专员', description: '超过35周岁的请勿投递简历，谢谢配合。', expect: flag('block', 'age') },
  { id: 'hold-v06', title: '烘焙学徒', description: '需无乙肝，包教包会，学徒期包吃住。', expect: flag('block', 'health') },
  { id: 'hold-v07', title: '屠宰车间工人', description: '回族、维族员工不招，计件工资。', expect: flag('block', 'ethnicity') },
  { id: 'hold-v08', title: '装修学徒', description: '东北人不要，能吃苦，师傅带。', expect: flag('block', 'region') },
  { id: 'hold-v09', title: '健身教练', description: '三十岁以上免谈，有健身教练证。', expect: flag('block', 'age') },
  { id: 'hold-v10', title: '家政管家', description: '要求已婚，家庭稳定，能长期做。', expect: flag('block', 'marital') },
  { id: 'hold-v11', title: '市场专员', description: '面试时会询问生育计划，请如实告知。', expect: flag('block', 'childbearing') },
  { id: 'hold-v12', title: '礼仪接待', description: '身高男175cm、女165cm以上，普通话标准。', expect: flag('warn', 'appearance') },
  { id: 'hold-v13', title: '超市收银员', description: '农村户口的不要，会电脑操作。', expect: flag('block', 'hukou') },
  { id: 'hold-v14', title: '冷库搬运', description: '限40岁以下男性，月薪7000元。', expect: flag('block', 'age', 'gender') },
  { id: 'hold-v15', title: '奶茶店员', description: '体检包含乙肝检查，阳性不录用，需办健康证。', expect: flag('block', 'health') },
  { id: 'hold-v16', title: '质检员', description: '残障人士请绕行，需长时间站立。', expect: flag('block', 'health') },
  { id: 'hold-v17', title: '主播助理', description: '长相甜美，年龄18-26，会聊天。', expect: flag('warn', 'appearance', 'age') },
  { id: 'hold-v18', title: '门诊导医', description: '女，已婚已育，40岁以内，有医院工作经验。', expect: flag('block', 'gender', 'marital', 'childbearing', 'age') },
  { id: 'hold-v19', title: '安检员', description: '汉族，男性，身高170cm以上，退伍军人优先。', expect: flag('block', 'ethnicity', 'gender', 'appearance') },
  { id: 'hold-v20', title: '客服组长', description: '限重庆主城户籍，大专以上，有团队管理经验。', expect: flag('block', 'hukou') },
  { id: 'hold-c01', title: '产品经理', description: '男女比例均衡的年轻团队，弹性工作制，有SaaS产品经验。', expect: clean },
  { id: 'hold-c02', title: '医院陪护', description: '为孕妇和产妇提供产检陪同和住院陪护，需持健康证。', expect: clean },
  { id: 'hold-c03', title: '派出所户籍窗口辅警', description: '负责户籍业务窗口咨询和资料初审，熟悉办公软件。', expect: clean },
  { id: 'hold-c04', title: '餐饮招商经理', description: '熟悉重庆本地餐饮市场，有商场招商经验。', expect: clean },
  { id: 'hold-c05', title: '暑期工', description: '年满16周岁即可，学生暑期工，日结。', expect: clean },
  { id: 'hold-c06', title: '招商专员', description: '工作时间：9:00-18:00，周末双休，3-5人团队，年薪20-30万。', expect: clean },
  { id: 'hold-c07', title: '社区养老服务员', description: '服务对象为65岁以上老年人，负责助餐助洁。', expect: clean },
  { id: 'hold-c08', title: '美甲师', description: '为女性顾客提供美甲服务，有美甲师证书优先。', expect: clean },
  { id: 'hold-c09', title: '预防接种护士', description: '需持护士执业证书，负责乙肝疫苗等预防接种工作。', expect: clean },
  { id: 'hold-c10', title: '招聘顾问', description: '不问婚育，只看能力；不限年龄，欢迎宝妈。', expect: clean },
  { id: 'hold-c11', title: '车间主任', description: '女职工享受三八节福利，欢迎退役军人、残疾人、就业困难人员应聘。', expect: clean },
  { id: 'hold-c12', title: '夫妻工', description: '包装厂招夫妻工，提供夫妻房，年龄：不限。', expect: clean },
];

export type CategoryMetrics = { category: ScreeningCategory | 'overall'; tp: number; fp: number; fn: number; precision: number; recall: number };

export type CorpusMetrics = {
  postings: number;
  clean: number;
  flagged: number;
  rows: CategoryMetrics[];
  overall: CategoryMetrics;
  /** Postings whose strongest finding differs from the expected severity. */
  severityMismatches: { id: string; expected: ScreeningSeverity | null; got: ScreeningSeverity | null }[];
  /** Clean postings that produced findings. */
  noisyClean: { id: string; findings: ScreeningFinding[] }[];
  /** Postings where hasBlocking disagrees with expected severity === 'block'. */
  blockingMismatches: string[];
};

const CATEGORIES: ScreeningCategory[] = ['gender', 'age', 'marital', 'childbearing', 'hukou', 'region', 'ethnicity', 'health', 'appearance', 'other'];

const ratio = (num: number, den: number) => (den === 0 ? 1 : num / den);

const topSeverity = (findings: ScreeningFinding[]): ScreeningSeverity | null =>
  findings.some((f) => f.severity === 'block') ? 'block' : findings.length > 0 ? 'warn' : null;

/**
 * Posting-level precision and recall per category over a corpus: a category counts as found for a
 * posting when any finding of that category is reported for it (TP if expected, FP otherwise), and
 * as missed (FN) when expected but not reported.
 */
export function corpusMetrics(corpus: readonly CorpusPosting[] = SCREENING_CORPUS): CorpusMetrics {
  const counts = new Map<ScreeningCategory, { tp: number; fp: number; fn: number }>(CATEGORIES.map((c) => [c, { tp: 0, fp: 0, fn: 0 }]));
  const severityMismatches: CorpusMetrics['severityMismatches'] = [];
  const noisyClean: CorpusMetrics['noisyClean'] = [];
  const blockingMismatches: string[] = [];
  for (const p of corpus) {
    const findings = screenPosting({ title: p.title, description: p.description });
    const found = new Set(findings.map((f) => f.category));
    const expected = new Set(p.expect.categories);
    for (const c of CATEGORIES) {
      const n = counts.get(c)!;
      if (found.has(c) && expected.has(c)) n.tp++;
      else if (found.has(c)) n.fp++;
      else if (expected.has(c)) n.fn++;
    }
    const got = topSeverity(findings);
    if (got !== p.expect.severity) severityMismatches.push({ id: p.id, expected: p.expect.severity, got });
    if (p.expect.categories.length === 0 && findings.length > 0) noisyClean.push({ id: p.id, findings });
    if (hasBlocking(findings) !== (p.expect.severity === 'block')) blockingMismatches.push(p.id);
  }
  const row = (category: CategoryMetrics['category'], n: { tp: number; fp: number; fn: number }): CategoryMetrics => ({
    category,
    ...n,
    precision: ratio(n.tp, n.tp + n.fp),
    recall: ratio(n.tp, n.tp + n.fn),
  });
  const rows = CATEGORIES.map((c) => row(c, counts.get(c)!));
  const sum = rows.reduce((s, r) => ({ tp: s.tp + r.tp, fp: s.fp + r.fp, fn: s.fn + r.fn }), { tp: 0, fp: 0, fn: 0 });
  const clean = corpus.filter((p) => p.expect.categories.length === 0).length;
  return { postings: corpus.length, clean, flagged: corpus.length - clean, rows, overall: row('overall', sum), severityMismatches, noisyClean, blockingMismatches };
}

/** The metrics as a plain-text table, for the test log and the benchmark. */
export function formatMetrics(m: CorpusMetrics): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const lines = [`corpus: ${m.postings} postings (${m.clean} clean, ${m.flagged} with violations)`, 'category      TP  FP  FN  precision  recall'];
  for (const r of [...m.rows, m.overall]) {
    lines.push(`${r.category.padEnd(12)} ${String(r.tp).padStart(3)} ${String(r.fp).padStart(3)} ${String(r.fn).padStart(3)}  ${pct(r.precision).padStart(9)}  ${pct(r.recall).padStart(6)}`);
  }
  return lines.join('\n');
}
