// An entity's page: monthly energy and emissions against the cap path, breakdown by carrier and by
// scope, members with drill-down, and the audit trail.
import { download, query } from '../api';
import { palette } from '../charts';
import { fill, h, light } from '../dom';
import { card, ratingLights } from './parts';
import { productionSelection, productionTable, type Production } from './production';
import { View } from './view';
import { entityName, formatEmissions, formatEnergy, formatNumber, formatPercent, formatTime, inWan, label, num, t, energyUnit, emissionsUnit } from '../i18n';
import { balanceFields, productionFields, summaryFragment, type Balance, type CapProgress, type EntitySummary } from '../model';

interface LedgerEvent {
  sequence: number;
  type: string;
  version: number;
  actor: string;
  recordedAt: string;
  payload: string;
}

interface Programme {
  code: string;
  name: string;
  nameZh: string;
  indicators: { code: string; name: string; nameZh: string; unit: string; value: string | null; threshold: string | null; isMinimum: boolean; baseValue: string | null; achievedReduction: string | null; byYear: number | null; status: string; waiverReason: string | null; valueSource: string | null }[];
  acceptanceSteps: string[];
  acceptanceGateMet: boolean;
  acceptance: { step: string; reference: string }[];
}

interface EntityData {
  entity:
    | (EntitySummary & {
        baseYear: number;
        parent: { id: string; name: string; nameZh: string } | null;
        monthly: Balance[];
        children: EntitySummary[];
        history: { nodes: LedgerEvent[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
        baseline: { year: number; source: string } | null;
        zeroCarbon: Programme[];
        production: Production[];
        dualControl: EntitySummary['dualControl'] & { plan: Plan | null };
        balance: EntitySummary['balance'] & { deductionRuleSet: string };
      })
    | null;
}

interface Plan {
  fromYear: number;
  toYear: number;
  binding: string;
  energyIntensity: { reduction: string; incentiveReduction: string | null } | null;
  carbonIntensity: { reduction: string; incentiveReduction: string | null } | null;
}

const entityQuery = `
query Entity($id: ID!, $year: Int!, $after: String) {
  entity(id: $id) {
    ...Summary baseYear
    parent { id name nameZh }
    monthly(year: $year) { ${balanceFields} ${productionFields} }
    children { ...Summary }
    history(first: 200, after: $after) { nodes { sequence type version actor recordedAt payload } pageInfo { hasNextPage endCursor } }
    baseline { year source }
    # merged with the Summary fragment's fields: one resolution each
    dualControl(year: $year) { plan { fromYear toYear binding energyIntensity { reduction incentiveReduction } carbonIntensity { reduction incentiveReduction } } }
    balance(year: $year) { deductionRuleSet }
    zeroCarbon(year: $year) { code name nameZh acceptanceSteps acceptanceGateMet acceptance { step reference } indicators { code name nameZh unit value threshold isMinimum baseValue achievedReduction byYear status waiverReason valueSource } }
    ${productionSelection}
  }
}
${summaryFragment}`;

const historyQuery = `
query History($id: ID!, $after: String) {
  entity(id: $id) { history(first: 200, after: $after) { nodes { sequence type version actor recordedAt payload } pageInfo { hasNextPage endCursor } } }
}`;

export class EntityView extends View {
  readonly name = 'entity';
  readonly element: HTMLElement;
  private readonly heading = h('div', { class: 'entity-heading' });
  private readonly cards = h('section', { class: 'cards', id: 'entity-cards' });
  private readonly energyChart = h('div', { class: 'chart', id: 'energy-chart' });
  private readonly emissionsChart = h('div', { class: 'chart', id: 'emissions-chart' });
  private readonly carrierChart = h('div', { class: 'chart small', id: 'carrier-chart' });
  private readonly scopeChart = h('div', { class: 'chart small', id: 'scope-chart' });
  private readonly children = h('tbody');
  private readonly childrenPanel: HTMLElement;
  private readonly history = h('tbody');
  private readonly programmes = h('div', { id: 'zero-carbon' });
  private readonly programmesPanel: HTMLElement;
  private readonly perTonneChart = h('div', { class: 'chart', id: 'per-tonne-chart' });
  private readonly perTonnePanel: HTMLElement;
  private readonly productionPanel = h('section', { class: 'panel', id: 'production' });

  constructor(
    private readonly id: string,
    private readonly year: number,
  ) {
    super();
    this.childrenPanel = h(
      'section',
      { class: 'panel' },
      h('h3', {}, t('children')),
      h(
        'table',
        { class: 'grid', id: 'children-table' },
        h('thead', {}, h('tr', {}, h('th', {}, t('name')), h('th', {}, t('kind')), h('th', {}, t('rating')), h('th', { class: 'num' }, t('energyYtd')), h('th', { class: 'num' }, t('emissionsYtd')), h('th', { class: 'num' }, t('carbonIntensity')))),
        this.children,
      ),
    );
    this.programmesPanel = h('section', { class: 'panel' }, h('h3', {}, t('zeroCarbonProgrammes')), this.programmes);
    this.perTonnePanel = h('section', { class: 'panel' }, h('h3', {}, t('perTonne')), this.perTonneChart);
    this.element = h(
      'div',
      { class: 'view', id: 'entity' },
      this.heading,
      this.cards,
      h('div', { class: 'two' }, h('section', { class: 'panel' }, h('h3', {}, t('monthlyEnergy')), this.energyChart), h('section', { class: 'panel' }, h('h3', {}, t('monthlyEmissions')), this.emissionsChart)),
      h('div', { class: 'two' }, h('section', { class: 'panel' }, h('h3', {}, t('byCarrier')), this.carrierChart), h('section', { class: 'panel' }, h('h3', {}, t('byScope')), this.scopeChart)),
      this.programmesPanel,
      this.perTonnePanel,
      this.productionPanel,
      this.childrenPanel,
      h(
        'section',
        { class: 'panel' },
        h('h3', {}, t('auditTrail')),
        h(
          'table',
          { class: 'grid', id: 'history-table' },
          h('thead', {}, h('tr', {}, h('th', {}, t('sequence')), h('th', {}, t('event')), h('th', {}, t('period')), h('th', {}, t('version')), h('th', {}, t('reason')), h('th', {}, t('actor')), h('th', {}, t('time')))),
          this.history,
        ),
      ),
    );
  }

  async load(): Promise<void> {
    const data = await query<EntityData>(entityQuery, { id: this.id, year: this.year });
    const e = data.entity;
    if (!e) {
      fill(this.element, h('p', { class: 'error' }, t('notFound')));
      return;
    }
    const events = [...e.history.nodes];
    for (let page = e.history.pageInfo; page.hasNextPage; ) {
      const more = await query<{ entity: { history: EntityData['entity'] extends infer E ? (E extends { history: infer H } ? H : never) : never } }>(historyQuery, { id: this.id, after: page.endCursor });
      events.push(...more.entity.history.nodes);
      page = more.entity.history.pageInfo;
    }
    this.renderHeading(e);
    this.renderCards(e, e.dualControl.plan, e.balance.deductionRuleSet);
    this.renderMonthly(e.monthly, e.dualControl.energyTotal, e.dualControl.carbonTotal);
    this.renderBreakdowns(e.balance);
    this.renderProgrammes(e.zeroCarbon, e.baseline);
    this.renderPerTonne(e.kind === 'MINE' ? e.monthly : []);
    const products = productionTable(e.production);
    this.productionPanel.hidden = products === null;
    fill(this.productionPanel, h('h3', {}, t('production')), products);
    this.childrenPanel.hidden = e.children.length === 0;
    fill(this.children, e.children.map(childRow));
    fill(this.history, events.reverse().map(historyRow));
  }

  private renderHeading(e: NonNullable<EntityData['entity']>): void {
    fill(
      this.heading,
      h('nav', { class: 'crumbs' }, h('a', { href: '#/' }, t('back')), e.parent ? [' › ', h('a', { href: `#/entity/${encodeURIComponent(e.parent.id)}` }, entityName(e.parent))] : null),
      h('h2', {}, entityName(e), ' ', h('span', { class: 'muted' }, `${label(e.kind)} · ${this.year}`)),
      h(
        'div',
        { class: 'exports', id: 'entity-export' },
        `${t('exportYear')} `,
        ['xlsx', 'csv', 'json'].map((format) =>
          h('button', { type: 'button', class: 'secondary', 'data-format': format, onclick: () => void download(`/exports/entity/${encodeURIComponent(e.id)}/${this.year}?format=${format}`, `${e.id}-${this.year}.${format}`) }, format.toUpperCase()),
        ),
        h('button', { type: 'button', class: 'secondary', id: 'entity-print', onclick: () => window.print() }, '⎙'),
      ),
      e.pilotPrograms.length ? h('div', { class: 'tags' }, e.pilotPrograms.map((p) => h('span', { class: 'tag' }, label(p)))) : null,
    );
  }

  private renderCards(e: EntitySummary, plan: Plan | null, deductionRuleSet: string): void {
    const dc = e.dualControl;
    const b = e.balance;
    const reduction = (target: Plan['energyIntensity']) =>
      target ? `−${formatPercent(target.reduction)}${target.incentiveReduction ? ` (${t('incentive')} −${formatPercent(target.incentiveReduction)})` : ''}` : '—';
    fill(
      this.cards,
      card('energy-card', t('energyYtd'), formatEnergy(b.energyTce), `${t('controlledEnergy')} ${formatEnergy(b.controlledEnergyTce)}`, dc.energyTotal ? light(dc.energyTotal.rating, `${formatPercent(dc.energyTotal.shareOfCap)} ${t('ofCap')}`) : t('noTarget')),
      card('emissions-card', t('emissionsYtd'), formatEmissions(b.grossTco2e), `${t('net')} ${formatEmissions(b.netTco2e)}`, dc.carbonTotal ? light(dc.carbonTotal.rating, `${formatPercent(dc.carbonTotal.shareOfCap)} ${t('ofCap')}`) : t('noTarget')),
      card('intensity-card', t('carbonIntensity'), `${formatNumber(b.carbonIntensity, 3)} ${t('intensityUnit')}`, `${t('zeroCarbonIndicator')} ${formatNumber(b.co2OnlyPerEnergy, 3)}`, light(dc.carbonIntensity?.rating, label(dc.carbonIntensity?.rating ?? '—'))),
      card('deductions-card', t('renewableDeduction'), `− ${formatEnergy(b.renewableDeductionTce)}`, `${t('feedstockDeduction')} − ${formatEnergy(b.feedstockDeductionTce)}`, h('span', { 'data-rule-set': deductionRuleSet }, `${t('cleanShare')} ${formatPercent(b.cleanEnergyShare)} · ${t('deductionRuleSet')} ${deductionRuleSet}`)),
      plan
        ? card('plan-card', t('fiveYearPlan'), `${plan.fromYear}–${plan.toYear}`, `${t('energyIntensity')} ${reduction(plan.energyIntensity)} · ${t('carbonIntensity')} ${reduction(plan.carbonIntensity)}`, h('span', { 'data-binding': plan.binding }, `${t('binding')} ${label(plan.binding)}`))
        : null,
    );
  }

  private renderMonthly(monthly: Balance[], energyCap: CapProgress | null, carbonCap: CapProgress | null): void {
    const months = Array.from({ length: 12 }, (_, i) => i + 1);
    const at = (m: number) => monthly.find((b) => Number(b.period.slice(5, 7)) === m);
    const series = (value: (b: Balance) => number | string, cap: CapProgress | null, unit: string, color: string, element: HTMLElement) => {
      const values = months.map((m) => {
        const b = at(m);
        return b && b.reportCount > 0 ? inWan(value(b)) : null;
      });
      let running = 0;
      const cumulative = values.map((v) => (v === null ? null : (running += v)));
      const capPath = cap ? months.map((m) => ((num(cap.cap) ?? 0) * m) / 12 / 10_000) : [];
      this.chart(
        element,
        {
          tooltip: { trigger: 'axis' },
          legend: { data: [t('monthly'), t('cumulative'), ...(cap ? [t('capPath')] : [])], top: 0, right: 0 },
          grid: { left: 60, right: 20, top: 40, bottom: 30 },
          xAxis: { type: 'category', data: months.map(String) },
          yAxis: { type: 'value', name: unit, nameTextStyle: { align: 'left' } },
          series: [
            { name: t('monthly'), type: 'bar', data: values, itemStyle: { color } },
            { name: t('cumulative'), type: 'line', data: cumulative, itemStyle: { color } },
            ...(cap ? [{ name: t('capPath'), type: 'line', data: capPath, lineStyle: { type: 'dashed' }, itemStyle: { color: palette.target }, symbol: 'none' }] : []),
          ],
        },
        { monthly: values, cumulative, capPath },
      );
    };
    series((b) => b.controlledEnergyTce, energyCap, energyUnit(), palette.energy, this.energyChart);
    series((b) => b.grossTco2e, carbonCap, emissionsUnit(), palette.carbon, this.emissionsChart);
  }

  /** Each zero-carbon programme that applies, its indicators against their thresholds (the rules' own, by band or against the baseline). */
  private renderProgrammes(programmes: Programme[], baseline: { year: number; source: string } | null): void {
    this.programmesPanel.hidden = programmes.length === 0;
    fill(
      this.programmes,
      baseline ? h('p', { class: 'muted', id: 'baseline' }, `${t('baseline')} ${baseline.year}: ${baseline.source}`) : null,
      programmes.map((p) =>
        h(
          'div',
          { class: 'programme', 'data-programme': p.code },
          h('h4', {}, entityName({ name: p.name, nameZh: p.nameZh })),
          acceptanceLine(p),
          h(
            'table',
            { class: 'grid' },
            h('thead', {}, h('tr', {}, h('th', {}, t('indicator')), h('th', { class: 'num' }, t('value')), h('th', { class: 'num' }, t('threshold')), h('th', { class: 'num' }, t('baseline')), h('th', {}, t('status')))),
            h(
              'tbody',
              {},
              p.indicators.map((i) =>
                h(
                  'tr',
                  { 'data-indicator': i.code, 'data-status': i.status },
                  h('td', {}, entityName(i), h('span', { class: 'muted' }, ` (${i.unit})`)),
                  h('td', { class: 'num' }, formatNumber(i.value, 4)),
                  h('td', { class: 'num' }, i.threshold === null ? '—' : `${i.isMinimum ? '≥' : '≤'} ${formatNumber(i.threshold, 4)}`),
                  h('td', { class: 'num' }, i.baseValue === null ? '—' : `${formatNumber(i.baseValue, 4)} (${formatPercent(i.achievedReduction)})`),
                  h(
                    'td',
                    { title: i.waiverReason ?? i.valueSource ?? '' },
                    light(i.status === 'MET' ? 'GREEN' : i.status === 'NOT_MET' ? 'RED' : null, label(i.status)),
                    i.byYear ? h('span', { class: 'muted' }, ` ${t('due')} ${i.byYear}`) : null,
                    i.waiverReason ? h('span', { class: 'muted waiver' }, ` ${i.waiverReason}`) : null,
                  ),
                ),
              ),
            ),
          ),
        ),
      ),
    );
  }

  /** A mine's energy and emissions per tonne of raw coal, month by month (each month's own sums). */
  private renderPerTonne(monthly: Balance[]): void {
    this.perTonnePanel.hidden = monthly.every((b) => num(b.rawCoalOutputT) === 0 || num(b.rawCoalOutputT) === null);
    if (this.perTonnePanel.hidden) return;
    const months = Array.from({ length: 12 }, (_, i) => i + 1);
    const at = (m: number) => monthly.find((b) => Number(b.period.slice(5, 7)) === m);
    const energy = months.map((m) => num(at(m)?.energyPerTonneRawCoalKgce));
    const co2 = months.map((m) => num(at(m)?.co2PerTonneRawCoal));
    this.chart(
      this.perTonneChart,
      {
        tooltip: { trigger: 'axis' },
        legend: { data: [t('kgcePerTonne'), t('co2PerTonne')], top: 0, right: 0 },
        grid: { left: 60, right: 60, top: 40, bottom: 30 },
        xAxis: { type: 'category', data: months.map(String) },
        yAxis: [
          { type: 'value', name: t('kgcePerTonne'), nameTextStyle: { align: 'left' } },
          { type: 'value', name: t('co2PerTonne'), nameTextStyle: { align: 'right' } },
        ],
        series: [
          { name: t('kgcePerTonne'), type: 'line', data: energy, itemStyle: { color: palette.energy } },
          { name: t('co2PerTonne'), type: 'line', yAxisIndex: 1, data: co2, itemStyle: { color: palette.carbon } },
        ],
      },
      { energy, co2 },
    );
  }

  private renderBreakdowns(b: Balance): void {
    const carriers = (['fuelCombustionTce', 'feedstockTce', 'biomassTce', 'gridElectricityTce', 'onSiteRenewableTce', 'heatTce'] as const).map((key) => ({ name: label(key), value: inWan(b.energyByCarrier[key]) ?? 0 }));
    this.chart(
      this.carrierChart,
      {
        tooltip: { trigger: 'item', valueFormatter: (v: unknown) => `${formatNumber(v as number)} ${energyUnit()}` },
        legend: { orient: 'vertical', left: 0, top: 'middle' },
        series: [{ type: 'pie', radius: ['35%', '65%'], center: ['65%', '50%'], data: carriers.filter((c) => c.value > 0), label: { show: false } }],
      },
      carriers,
    );
    const scopes = (['combustionCo2Tco2', 'processCo2Tco2', 'methaneTco2e', 'scope2LocationTco2', 'removalsTco2'] as const).map((key) => ({
      name: label(key),
      value: (key === 'removalsTco2' ? -1 : 1) * (inWan(b[key]) ?? 0),
    }));
    this.chart(
      this.scopeChart,
      {
        tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => `${formatNumber(v as number)} ${emissionsUnit()}` },
        grid: { left: 170, right: 30, top: 10, bottom: 30 },
        xAxis: { type: 'value' },
        yAxis: { type: 'category', data: scopes.map((s) => s.name), inverse: true },
        series: [{ type: 'bar', data: scopes.map((s) => ({ value: s.value, itemStyle: { color: s.value < 0 ? palette.green : palette.carbon } })) }],
      },
      scopes,
    );
  }
}

/** A programme's acceptance steps: those taken with their references, the next one and whether its gate is met. */
function acceptanceLine(p: Programme): HTMLElement | null {
  if (p.acceptanceSteps.length === 0) return null;
  const steps = p.acceptanceSteps.map((step) => {
    const taken = p.acceptance.find((a) => a.step === step);
    return h('span', { class: 'step', 'data-step': step, 'data-taken': String(!!taken) }, `${label(step)}: ${taken ? taken.reference : t('notTaken')}`);
  });
  const next = p.acceptanceSteps.length > p.acceptance.length ? h('span', { class: 'muted', 'data-gate': String(p.acceptanceGateMet) }, ` (${p.acceptanceGateMet ? t('gateMet') : t('gateNotMet')})`) : null;
  return h('p', { class: 'acceptance' }, `${t('acceptance')}: `, ...steps.flatMap((s, i) => (i === 0 ? [s] : [' → ', s])), next);
}

function childRow(c: EntitySummary): HTMLTableRowElement {
  return h(
    'tr',
    { 'data-entity': c.id },
    h('td', {}, h('a', { href: `#/entity/${encodeURIComponent(c.id)}` }, entityName(c))),
    h('td', {}, label(c.kind)),
    ratingLights(c.dualControl),
    h('td', { class: 'num' }, formatEnergy(c.balance.controlledEnergyTce)),
    h('td', { class: 'num' }, formatEmissions(c.balance.grossTco2e)),
    h('td', { class: 'num' }, formatNumber(c.balance.carbonIntensity, 3)),
  );
}

function historyRow(event: LedgerEvent): HTMLTableRowElement {
  let payload: { year?: number; month?: number | null; reason?: string } = {};
  try {
    payload = JSON.parse(event.payload) as typeof payload;
  } catch {
    // Shown without period and reason.
  }
  const period = payload.year ? (payload.month ? `${payload.year}-${String(payload.month).padStart(2, '0')}` : String(payload.year)) : '';
  return h(
    'tr',
    { 'data-sequence': event.sequence, class: event.type === 'ReportAmended' ? 'amended' : undefined },
    h('td', { class: 'num' }, event.sequence),
    h('td', {}, label(event.type)),
    h('td', {}, period),
    h('td', { class: 'num' }, event.version),
    h('td', {}, payload.reason ?? ''),
    h('td', {}, event.actor),
    h('td', {}, formatTime(event.recordedAt)),
  );
}
