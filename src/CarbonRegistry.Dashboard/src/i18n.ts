// Labels in English and Chinese, and number formats for each: large energy figures in 10^4 tce
// (万吨标准煤), emissions in 10^4 tCO2e (万吨二氧化碳当量).

export type Language = 'en' | 'zh';

const labels = {
  title: ['Carbon Registry', '碳排放登记与核算'],
  subtitle: ['Shanxi energy and carbon dual control', '山西省能耗与碳排放双控'],
  overview: ['Province overview', '全省概览'],
  alerts: ['Alerts', '预警'],
  liveChanges: ['Live changes', '实时变动'],
  signIn: ['Sign in', '登录'],
  signOut: ['Sign out', '退出'],
  tokenLabel: ['Dashboard token', '看板令牌'],
  tokenHelp: [
    'Ask your registry administrator for a token (role dashboard, provincial or verifier), then paste it here. It stays in this browser until you sign out.',
    '请向登记系统管理员申请令牌（dashboard、provincial 或 verifier 角色），粘贴到此处。令牌保存在本浏览器中，退出后清除。',
  ],
  tokenMissing: ['Sign in with a dashboard token to see the registry.', '请使用看板令牌登录后查看。'],
  tokenExpired: ['Your token has expired. Sign in with a new one.', '令牌已过期，请使用新令牌登录。'],
  tokenInvalid: ['The server did not accept this token.', '服务器未接受该令牌。'],
  tokenForbidden: ['This token may not read the dashboard (role dashboard, provincial or verifier needed).', '该令牌无权查看看板（需要 dashboard、provincial 或 verifier 角色）。'],
  year: ['Year', '年份'],
  language: ['中文', 'English'],
  live: ['live', '实时'],
  connecting: ['connecting…', '连接中…'],
  offline: ['offline, reconnecting', '离线，正在重连'],
  loading: ['Loading…', '加载中…'],
  energyYtd: ['Energy, year to date', '年度累计能耗'],
  controlledEnergyYtd: ['Controlled energy, year to date', '年度累计纳入控制的能耗'],
  target: ['target', '目标'],
  emissionsYtd: ['Emissions, year to date', '年度累计碳排放'],
  net: ['net', '净排放'],
  controlledEnergy: ['Controlled energy', '纳入控制的能耗'],
  carbonIntensity: ['Carbon intensity', '碳排放强度'],
  energyIntensity: ['Energy intensity', '能耗强度'],
  intensityUnit: ['tCO2e / 10^4 yuan', '吨二氧化碳当量/万元'],
  energyIntensityUnit: ['tce / 10^4 yuan', '吨标准煤/万元'],
  cap: ['cap', '上限'],
  ofCap: ['of cap', '占上限'],
  noTarget: ['no target', '未设目标'],
  energyRating: ['Energy', '能耗'],
  carbonRating: ['Carbon', '碳排放'],
  rating: ['Dual-control barometer', '双控晴雨表'],
  citiesAndZones: ['Cities and pilot zones', '各市及试点园区'],
  name: ['Name', '名称'],
  kind: ['Kind', '类型'],
  energy: ['Energy', '能耗'],
  emissions: ['Emissions', '碳排放'],
  intensityTrend: ['Carbon intensity by month', '月度碳排放强度'],
  pilotZones: ['Zero-carbon pilot zones', '零碳试点园区'],
  zeroCarbonIndicator: ['tCO2 per tce', '单位能耗碳排放（吨CO2/吨标准煤）'],
  threshold: ['threshold', '阈值'],
  cleanShare: ['Clean-energy share', '清洁能源消费占比'],
  renewableDeduction: ['Renewable deduction', '可再生能源扣除'],
  feedstockDeduction: ['Feedstock deduction', '原料用能扣除'],
  deductionRuleSet: ['deduction rules', '扣除规则'],
  accountedApart: ['major national projects accounted apart', '国家重大项目能耗单列'],
  fiveYearPlan: ['Five-year targets', '五年目标'],
  incentive: ['incentive', '激励'],
  binding: ['binding:', '约束:'],
  monthlyEnergy: ['Monthly energy against the cap path', '月度能耗与目标进度'],
  monthlyEmissions: ['Monthly emissions against the cap path', '月度碳排放与目标进度'],
  cumulative: ['Cumulative', '累计'],
  capPath: ['Cap path', '目标进度'],
  monthly: ['Monthly', '当月'],
  byCarrier: ['Energy by carrier', '分能源品种能耗'],
  byScope: ['Emissions by scope', '分范围碳排放'],
  children: ['Members', '下属单位'],
  auditTrail: ['Audit trail', '审计记录'],
  sequence: ['Seq.', '序号'],
  event: ['Event', '事件'],
  version: ['Version', '版本'],
  actor: ['By', '操作人'],
  time: ['Time', '时间'],
  reason: ['Reason', '原因'],
  period: ['Period', '期间'],
  none: ['None yet.', '暂无。'],
  back: ['Overview', '返回概览'],
  notFound: ['No entity with this id.', '未找到该单位。'],
  pilots: ['Pilot programmes', '试点类型'],
  months: ['months reported', '个月已报'],
  errorLoading: ['Could not load data', '数据加载失败'],
  projects: ['Two-high projects', '两高项目'],
  noThresholdGiven: ['no threshold given', '未规定阈值'],
  zeroCarbonProgrammes: ['Zero-carbon programmes', '零碳创建指标'],
  indicator: ['Indicator', '指标'],
  value: ['Value', '数值'],
  baseline: ['Baseline', '基准值'],
  perTonne: ['Per tonne of raw coal', '吨煤指标'],
  production: ['Main products', '主要产品'],
  assessment: ['Assessment', '目标责任考核'],
  importReports: ['Import reports', '报表导入'],
  importHelp: ['Download a template, fill one row per entity and month, and choose the file: it is checked with nothing written. Then commit the valid rows, or all of them when none is refused. The same file uploaded again changes nothing.', '下载模板,每行填写一个单位一个月的数据,然后选择文件:系统先校验,不写入任何数据。校验后可只提交通过的行,或在全部通过时整体提交。同一文件重复上传不会重复提交。'],
  template: ['Template', '模板'],
  commitValid: ['Commit valid rows', '提交通过的行'],
  commitAll: ['Commit all rows', '整体提交'],
  refusedRows: ['Refused rows', '未通过的行'],
  acceptedRows: ['Rows that pass', '通过的行'],
  row: ['Row', '行'],
  column: ['Column', '列'],
  code: ['Code', '代码'],
  reasonRefused: ['Why', '原因'],
  action: ['Filing', '操作'],
  rows: ['rows', '行'],
  validRows: ['valid', '行通过'],
  committedRows: ['committed', '行已提交'],
  errors: ['errors', '个错误'],
  actionSubmit: ['first report', '首次填报'],
  actionAmend: ['amendment', '更正'],
  actionUnchanged: ['filed before, unchanged', '已提交,无变化'],
  exportYear: ['Export the year', '导出年报'],
  carbonBudgets: ['Carbon budgets', '碳排放预算'],
  budget: ['Budget', '预算'],
  used: ['Emitted so far', '已排放'],
  remaining: ['Remaining', '剩余'],
  allocation: ['Allocation', '分配说明'],
  allocated: ['allocated to cities', '已分配至各市'],
  unallocated: ['unallocated', '未分配'],
  noBudget: ['No budget set for the year.', '本年度尚未设定预算。'],
  warningHelp: ['Level 1: energy intensity rose (two-high approvals frozen); level 2: behind progress; level 3: on track', '一级:能耗强度不降反升(暂停两高项目审批);二级:进度滞后;三级:进度正常'],
  scheme: ['Scheme', '考核办法'],
  published: ['Published versions', '已发布版本'],
  notPublished: ['Not published yet.', '尚未发布。'],
  warningLevel: ['Early warning', '预警等级'],
  score: ['Score', '得分'],
  grade: ['Grade', '等级'],
  veto: ['veto', '否决项'],
  vetoedBy: ['vetoed by', '否决:'],
  incomplete: ['(incomplete)', '(不完整)'],
  acceptance: ['Acceptance', '验收'],
  gateMet: ['core met, guiding met or waived', '核心指标达标,引导指标达标或豁免'],
  gateNotMet: ['not yet: every core indicator must be met, every guiding one met or waived', '尚不具备:核心指标须全部达标,引导指标须达标或豁免'],
  notTaken: ['not taken', '未进行'],
  product: ['Product', '产品'],
  output: ['Output', '产量'],
  perUnit: ['CO2 per unit', '单位产品碳排放'],
  notAttributed: ['Beside other products', '与其他产品合报'],
  reporters: ['Reporters', '填报单位数'],
  kgcePerTonne: ['kgce/t', '千克标准煤/吨'],
  co2PerTonne: ['tCO2e/t', '吨二氧化碳当量/吨'],
  gasUse: ['Gas use rate', '瓦斯利用率'],
  due: ['due', '期限'],
  all: ['All', '全部'],
  stage: ['Stage', '阶段'],
  flag: ['Flag', '标记'],
  flags: ['Flags', '标记'],
  sector: ['Sector', '行业'],
  city: ['City', '所在市'],
  newEnergy: ['New energy use', '新增能耗'],
  newCoal: ['New coal use (fuel + feedstock)', '新增耗煤（燃料+原料）'],
  newCo2: ['New CO2', '新增碳排放'],
  substitution: ['Coal substitution', '煤炭消费替代'],
  headroom: ['Committed headroom by city', '各市已承诺用能空间'],
  headroomHelp: ['approved projects not yet producing, against the year\'s caps', '已批准尚未投产项目，对照年度目标'],
  committedProjects: ['Projects', '项目数'],
  energyRemaining: ['Energy left under the cap', '剩余能耗空间'],
  carbonRemaining: ['CO2 left under the cap', '剩余碳排放空间'],
  demoReference: ['demo reference values', '演示参考值'],
  jointReview: ['Joint review', '联合审查'],
  source: ['Source', '替代来源'],
  origin: ['Where', '来源单位'],
  tonnes: ['t/a', '吨/年'],
  achieved: ['Achieved', '已完成'],
  status: ['Status', '状态'],
  evidence: ['Evidence', '证明材料'],
  plannedStart: ['planned start', '计划投产'],
  feedstock: ['feedstock', '原料'],
  disposal: ['Disposal', '处置意见'],
  deadline: ['deadline', '期限'],
  round: ['Round', '第'],
  roundSuffix: ['', ' 轮'],
  approved: ['approved', '同意'],
  rejected: ['rejected', '不同意'],
  pending: ['pending', '待审'],
  conditions: ['on conditions', '附条件'],
  counted: ['counted coal', '计入煤量'],
  ratioUnknown: ['ratio not set', '替代比例未设定'],
  verified: ['verified', '已核实'],
  toCome: ['to come', '未完成'],
} as const;

export type LabelKey = keyof typeof labels;

const enumLabels: Record<string, [string, string]> = {
  PROVINCE: ['Province', '省'],
  CITY: ['City', '市'],
  ZONE: ['Zone', '试点区'],
  PARK: ['Park', '园区'],
  MINE: ['Mine', '煤矿'],
  ENTERPRISE: ['Enterprise', '企业'],
  NATIONAL_CARBON_PEAK_CITY: ['National carbon-peak pilot city', '国家碳达峰试点城市'],
  NATIONAL_CARBON_PEAK_PARK: ['National carbon-peak pilot park', '国家碳达峰试点园区'],
  PROVINCIAL_ZERO_CARBON_ZONE: ['Provincial zero-carbon demonstration zone', '省级零碳示范区'],
  PROVINCIAL_NEAR_ZERO_CARBON_ZONE: ['Provincial near-zero-carbon demonstration zone', '省级近零碳示范区'],
  ZERO_CARBON_MINE: ['Zero-carbon mine', '零碳矿山'],
  INTELLIGENT_MINE: ['Intelligent mine', '智能化煤矿'],
  GREEN_MINING_PILOT: ['Green-mining pilot', '绿色开采试点'],
  GREEN: ['Green', '绿灯'],
  YELLOW: ['Yellow', '黄灯'],
  RED: ['Red', '红灯'],
  RED_RATING: ['Red rating', '红灯预警'],
  TARGET_EXCEEDED: ['Target exceeded', '超出目标'],
  UNUSUAL_VALUE: ['Unusual value', '异常数值'],
  ReportSubmitted: ['Report submitted', '提交报告'],
  ReportAmended: ['Report amended', '修订报告'],
  Recalculated: ['Recalculated', '重新核算'],
  EntityRegistered: ['Registered', '登记'],
  EntityMoved: ['Moved', '调整隶属'],
  TargetsSet: ['Targets set', '设定目标'],
  PeriodLocked: ['Period locked', '锁定期间'],
  PeriodVerified: ['Period verified', '核查期间'],
  PROPOSED: ['Proposed', '拟建'],
  UNDER_CONSTRUCTION: ['Under construction', '在建'],
  EXISTING: ['Existing', '存量'],
  REJECTED: ['Rejected', '已否决'],
  CLOSED: ['Closed and exited', '关停退出'],
  NATIONAL_WINDOW_GUIDANCE: ['National window guidance', '国家窗口指导'],
  BELOW_BENCHMARK: ['Below benchmark', '未达标杆水平'],
  BELOW_BASELINE: ['Below baseline', '低于基准水平'],
  SOURCE_REVOKED: ['Substitution source revoked', '替代来源被撤销'],
  MET: ['Met', '达标'],
  NOT_MET: ['Not met', '未达标'],
  NOT_DUE: ['Not yet due', '未到期'],
  NO_THRESHOLD: ['No threshold given', '未规定阈值'],
  NO_DATA: ['No data', '无数据'],
  NO_BASELINE: ['No baseline', '无基准'],
  WAIVED: ['Waived', '已豁免'],
  NO_TARGET: ['No target', '无目标'],
  ENTERED: ['Entered', '已评分'],
  NOT_ENTERED: ['Not entered', '未评分'],
  LEVEL_1: ['Level 1', '一级'],
  ANNUAL: ['annual targets', '年度目标'],
  PLAN: ['the plan', '五年规划'],
  LEVEL_2: ['Level 2', '二级'],
  LEVEL_3: ['Level 3', '三级'],
  energy_saving: ['Energy-saving target responsibility', '节能目标责任评价考核'],
  carbon_intensity: ['Carbon-intensity reduction target', '碳排放强度降低目标责任考核'],
  PROVINCE_REVIEWED: ['Reviewed by the province', '省级评审通过'],
  NATIONALLY_ACCEPTED: ['Accepted nationally', '国家验收通过'],
  NATIONAL_ZERO_CARBON_PARK: ['National zero-carbon park', '国家级零碳园区'],
  OPEN: ['Open', '审查中'],
  APPROVED: ['Approved', '通过'],
  SUBSTITUTION_NOT_REQUIRED: ['Not required', '无需替代'],
  SUBSTITUTION_RATIO_UNKNOWN: ['Ratio not set', '替代比例未设定'],
  SUBSTITUTION_OPEN: ['Short', '替代量不足'],
  SUBSTITUTION_COVERED: ['Covered', '已足额替代'],
  CLAIMED: ['Claimed', '已申报'],
  VERIFIED: ['Verified', '已核实'],
  REVOKED: ['Revoked', '已撤销'],
  development_reform: ['Development and reform', '发展改革'],
  industry_it: ['Industry and IT', '工业和信息化'],
  ecology_environment: ['Ecology and environment', '生态环境'],
  energy: ['Energy', '能源'],
  natural_resources: ['Natural resources', '自然资源'],
  complete_procedures: ['Complete the procedures', '完善手续'],
  rectify_upgrade: ['Rectify and upgrade', '整改提升'],
  close_exit: ['Close and exit', '关停退出'],
  BaselineSet: ['Baseline set', '设定基准'],
  ProjectRegistered: ['Project registered', '项目登记'],
  ReviewRoundOpened: ['Review round opened', '启动审查'],
  ReviewSignedOff: ['Department signed off', '部门会签'],
  ProjectStageChanged: ['Stage changed', '阶段变更'],
  DisposalDecided: ['Disposal decided', '处置意见'],
  SubstitutionSourceAdded: ['Source added', '新增替代来源'],
  SubstitutionSourceVerified: ['Source verified', '替代来源核实'],
  SubstitutionSourceRevoked: ['Source revoked', '替代来源撤销'],
  fuelCombustionTce: ['Fuels burnt', '燃料燃烧'],
  feedstockTce: ['Feedstock', '原料用能'],
  biomassTce: ['Biomass', '生物质'],
  gridElectricityTce: ['Grid electricity', '电网购电'],
  onSiteRenewableTce: ['On-site renewables', '自建可再生能源'],
  heatTce: ['Purchased heat', '外购热力'],
  combustionCo2Tco2: ['Combustion CO2', '燃烧排放'],
  processCo2Tco2: ['Process CO2', '工业过程排放'],
  methaneTco2e: ['Coal-mine methane', '煤矿甲烷'],
  scope2LocationTco2: ['Scope 2 (purchased power and heat)', '范围二（外购电力热力）'],
  removalsTco2: ['Removals (sinks, CCUS)', '碳移除（碳汇、CCUS）'],
};

// The language chosen with the toggle, else the browser's: Chinese for zh-*, English otherwise.
let current: Language = (localStorage.getItem('carbon-registry-language') as Language | null) ?? (navigator.languages?.some((l) => l.toLowerCase().startsWith('zh')) ? 'zh' : 'en');

export const language = (): Language => current;

export function setLanguage(value: Language): void {
  current = value;
  localStorage.setItem('carbon-registry-language', value);
  document.documentElement.lang = value === 'zh' ? 'zh-CN' : 'en';
}

const index = (): 0 | 1 => (current === 'zh' ? 1 : 0);

export const t = (key: LabelKey): string => labels[key][index()];

/** The label of an enum value or event type; the value itself when there is none. */
export const label = (value: string): string => enumLabels[value]?.[index()] ?? value;

export const entityName = (e: { name: string; nameZh: string }): string => (current === 'zh' ? e.nameZh : e.name);

const locale = (): string => (current === 'zh' ? 'zh-CN' : 'en-US');

/** A decimal as sent by the server (a JSON number or string); null stays null. */
export const num = (value: number | string | null | undefined): number | null =>
  value === null || value === undefined ? null : Number(value);

// Intl formatters are costly to build and a page formats hundreds of numbers: keep them.
const formatters = new Map<string, Intl.NumberFormat>();

function formatter(style: 'decimal' | 'percent', digits: number): Intl.NumberFormat {
  const key = `${locale()}|${style}|${digits}`;
  let result = formatters.get(key);
  if (!result) {
    result = new Intl.NumberFormat(locale(), { style, maximumFractionDigits: digits, minimumFractionDigits: 0 });
    formatters.set(key, result);
  }
  return result;
}

export function formatNumber(value: number | string | null | undefined, digits = 2): string {
  const n = num(value);
  return n === null ? '—' : formatter('decimal', digits).format(n);
}

export const formatPercent = (value: number | string | null | undefined, digits = 1): string => {
  const n = num(value);
  return n === null ? '—' : formatter('percent', digits).format(n);
};

/** Energy in 10^4 tce (万吨标准煤). */
export const energyUnit = (): string => (current === 'zh' ? '万吨标准煤' : '10^4 tce');

/** Emissions in 10^4 tCO2e (万吨二氧化碳当量). */
export const emissionsUnit = (): string => (current === 'zh' ? '万吨二氧化碳当量' : '10^4 tCO2e');

export const inWan = (value: number | string | null | undefined): number | null => {
  const n = num(value);
  return n === null ? null : n / 10_000;
};

export const formatEnergy = (tce: number | string | null | undefined): string => `${formatNumber(inWan(tce), 2)} ${energyUnit()}`;

export const formatEmissions = (t: number | string | null | undefined): string => `${formatNumber(inWan(t), 2)} ${emissionsUnit()}`;

export const formatTime = (iso: string): string =>
  new Intl.DateTimeFormat(locale(), { dateStyle: 'short', timeStyle: 'medium', hourCycle: 'h23', timeZone: 'Asia/Shanghai' }).format(new Date(iso));
