// The annual assessment: every city's and zone's grade under a scheme, its warning level, each
// indicator with the figures it rests on, and the published versions with their exports.
import { download, query } from '../api';
import { fill, h, light } from '../dom';
import { View } from './view';
import { entityName, formatEmissions, formatEnergy, formatNumber, formatTime, label, t } from '../i18n';

interface Indicator {
  code: string;
  status: string;
  points: string;
  actual: string | null;
  target: string | null;
  reason: string | null;
}

interface Region {
  entityId: string;
  score: string;
  grade: string;
  vetoedBy: string[];
  complete: boolean;
  monthsReported: number;
  separateEnergyTce: string | null;
  indicators: Indicator[];
}

interface Scheme {
  code: string;
  name: string;
  nameZh: string;
  vetoGrade: string;
  grades: { code: string; name: string; nameZh: string; min: string }[];
  indicators: { code: string; name: string; nameZh: string; points: string; veto: boolean }[];
}

interface AssessmentData {
  assessmentSchemes: Scheme[];
  assessment: { current: Region[]; published: { version: number; actor: string; publishedAt: string }[] };
  regions: { nodes: { id: string; name: string; nameZh: string; kind: string; dualControl: { warningLevel: string | null } }[] };
}

const assessmentQuery = `
query Assessment($scheme: String!, $year: Int!) {
  assessmentSchemes { code name nameZh vetoGrade grades { code name nameZh min } indicators { code name nameZh points veto } }
  assessment(scheme: $scheme, year: $year) {
    current { entityId score grade vetoedBy complete monthsReported separateEnergyTce indicators { code status points actual target reason } }
    published { version actor publishedAt }
  }
  regions: entities(first: 500) { nodes { id name nameZh kind dualControl(year: $year) { warningLevel } } }
}`;

interface Budget {
  entityId: string;
  budgetTco2e: string;
  usedTco2e: string;
  remainingTco2e: string;
  reason: string;
}

interface BudgetData {
  carbonBudgets: { province: Budget | null; cities: Budget[]; allocatedTco2e: string; unallocatedTco2e: string | null };
}

const budgetQuery = `
query Budgets($province: ID!, $year: Int!) {
  carbonBudgets(provinceId: $province, year: $year) {
    province { entityId budgetTco2e usedTco2e remainingTco2e reason }
    cities { entityId budgetTco2e usedTco2e remainingTco2e reason }
    allocatedTco2e unallocatedTco2e
  }
}`;

const schemes = ['energy_saving', 'carbon_intensity'];

/** Best grades green, the veto grade red, the rest yellow. */
const gradeLight = (scheme: Scheme, grade: string): string =>
  grade === scheme.vetoGrade ? 'RED' : scheme.grades[0]?.code === grade || scheme.grades[1]?.code === grade ? 'GREEN' : 'YELLOW';

const warningLight = (level: string | null): string | null => (level === 'LEVEL_1' ? 'RED' : level === 'LEVEL_2' ? 'YELLOW' : level === 'LEVEL_3' ? 'GREEN' : null);

export class AssessmentView extends View {
  readonly name = 'assessment';
  readonly element: HTMLElement;
  private readonly table = h('tbody');
  private readonly versions = h('ul', { id: 'assessment-versions' });
  private readonly head = h('tr');
  private readonly budgets = h('tbody', { id: 'budget-rows' });
  private readonly budgetSummary = h('p', { class: 'muted', id: 'budget-summary' });
  private scheme = sessionStorage.getItem('carbon-registry-scheme') ?? schemes[0];

  constructor(private readonly year: number) {
    super();
    this.element = h(
      'div',
      { class: 'view', id: 'assessment' },
      h('div', { class: 'crumbs' }, h('a', { href: '#/' }, t('back'))),
      h('h2', {}, t('assessment'), ' ', h('span', { class: 'muted' }, String(year))),
      h(
        'div',
        { class: 'filters' },
        h(
          'label',
          {},
          `${t('scheme')} `,
          h(
            'select',
            { id: 'scheme-select', onchange: (event: Event) => this.choose((event.target as HTMLSelectElement).value) },
            schemes.map((s) => h('option', { value: s, selected: s === this.scheme }, label(s))),
          ),
        ),
      ),
      h('section', { class: 'panel' }, h('p', { class: 'muted' }, t('warningHelp')), h('table', { class: 'grid', id: 'assessment-table' }, h('thead', {}, this.head), this.table)),
      h('section', { class: 'panel' }, h('h3', {}, t('published')), this.versions),
      h(
        'section',
        { class: 'panel' },
        h('h3', {}, t('carbonBudgets')),
        this.budgetSummary,
        h('table', { class: 'grid', id: 'budget-table' }, h('thead', {}, h('tr', {}, h('th', {}, t('name')), h('th', { class: 'num' }, t('budget')), h('th', { class: 'num' }, t('used')), h('th', { class: 'num' }, t('remaining')), h('th', {}, t('allocation')))), this.budgets),
      ),
    );
  }

  async load(): Promise<void> {
    const data = await query<AssessmentData>(assessmentQuery, { scheme: this.scheme, year: this.year });
    const scheme = data.assessmentSchemes.find((s) => s.code === this.scheme)!;
    const regions = new Map(data.regions.nodes.map((r) => [r.id, r]));
    fill(
      this.head,
      h('th', {}, t('name')),
      h('th', {}, t('warningLevel')),
      h('th', { class: 'num' }, t('score')),
      h('th', {}, t('grade')),
      scheme.indicators.map((i) => h('th', { class: 'num', title: entityName(i) }, `${entityName(i)} (${formatNumber(i.points, 0)}${i.veto ? ', ' + t('veto') : ''})`)),
    );
    fill(
      this.table,
      data.assessment.current.length === 0
        ? h('tr', {}, h('td', { colspan: 4 + scheme.indicators.length, class: 'muted' }, t('none')))
        : data.assessment.current.map((r) => {
            const region = regions.get(r.entityId);
            const grade = scheme.grades.find((g) => g.code === r.grade);
            return h(
              'tr',
              { 'data-entity': r.entityId, 'data-grade': r.grade, 'data-complete': String(r.complete) },
              h('td', {}, h('a', { href: `#/entity/${encodeURIComponent(r.entityId)}` }, region ? entityName(region) : r.entityId)),
              h('td', { 'data-warning': region?.dualControl.warningLevel ?? 'NONE' }, light(warningLight(region?.dualControl.warningLevel ?? null), region?.dualControl.warningLevel ? label(region.dualControl.warningLevel) : t('noTarget'))),
              h('td', { class: 'num' }, formatNumber(r.score, 1)),
              h('td', {}, light(gradeLight(scheme, r.grade), grade ? entityName(grade) : r.grade), r.vetoedBy.length > 0 ? h('span', { class: 'muted' }, ` ${t('vetoedBy')} ${r.vetoedBy.join(', ')}`) : null, r.complete ? null : h('span', { class: 'muted' }, ` ${t('incomplete')}`)),
              r.indicators.map((i) =>
                h(
                  'td',
                  { class: 'num', 'data-indicator': i.code, 'data-status': i.status, title: i.reason ?? `${formatNumber(i.actual, 4)} / ${formatNumber(i.target, 4)}` },
                  `${formatNumber(i.points, 1)} · ${label(i.status)}`,
                  i.actual !== null && i.status !== 'ENTERED' ? h('div', { class: 'muted' }, `${formatNumber(i.actual, 3)} / ${formatNumber(i.target, 3)}`) : null,
                  i.code === 'energy_total' && r.separateEnergyTce !== null ? h('div', { class: 'muted', 'data-separate': r.separateEnergyTce }, `${t('accountedApart')} ${formatEnergy(r.separateEnergyTce)}`) : null,
                ),
              ),
            );
          }),
    );
    await this.loadBudgets(regions);
    fill(
      this.versions,
      data.assessment.published.length === 0
        ? h('li', { class: 'muted' }, t('notPublished'))
        : [...data.assessment.published].reverse().map((v) =>
            h(
              'li',
              { 'data-version': v.version },
              `v${v.version} · ${formatTime(v.publishedAt)} · ${v.actor} `,
              ['csv', 'xlsx', 'json'].map((format) => h('button', { type: 'button', class: 'secondary', 'data-format': format, onclick: () => this.download(v.version, format) }, format.toUpperCase())),
            ),
          ),
    );
  }

  /** The province's carbon budgets of the year and its cities', each against the year's emissions so far. */
  private async loadBudgets(regions: Map<string, { name: string; nameZh: string; kind: string }>): Promise<void> {
    const province = [...regions.entries()].find(([, r]) => r.kind === 'PROVINCE')?.[0];
    if (!province) return;
    const { carbonBudgets: b } = await query<BudgetData>(budgetQuery, { province, year: this.year });
    const row = (budget: Budget) => {
      const region = regions.get(budget.entityId);
      return h(
        'tr',
        { 'data-entity': budget.entityId, 'data-budget': budget.budgetTco2e },
        h('td', {}, region ? entityName(region) : budget.entityId),
        h('td', { class: 'num' }, formatEmissions(budget.budgetTco2e)),
        h('td', { class: 'num' }, formatEmissions(budget.usedTco2e)),
        h('td', { class: 'num' }, light(Number(budget.remainingTco2e) < 0 ? 'RED' : 'GREEN', formatEmissions(budget.remainingTco2e))),
        h('td', { class: 'muted' }, budget.reason),
      );
    };
    fill(this.budgetSummary, b.province ? `${t('allocated')} ${formatEmissions(b.allocatedTco2e)} · ${t('unallocated')} ${formatEmissions(b.unallocatedTco2e)}` : t('noBudget'));
    fill(this.budgets, b.province ? row(b.province) : null, b.cities.map(row));
  }

  private choose(scheme: string): void {
    this.scheme = scheme;
    sessionStorage.setItem('carbon-registry-scheme', scheme);
    void this.load();
  }

  private download(version: number, format: string): Promise<void> {
    return download(`/exports/assessment/${this.scheme}/${this.year}?version=${version}&format=${format}`, `assessment-${this.scheme}-${this.year}-v${version}.${format}`);
  }
}
