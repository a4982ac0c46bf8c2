// The province overview: where every city and pilot zone stands on energy and carbon dual control.
import { query } from '../api';
import { palette } from '../charts';
import { fill, h, light } from '../dom';
import { card, ratingLights, ratingText } from './parts';
import { View } from './view';
import { entityName, formatEmissions, formatEnergy, formatNumber, formatPercent, label, num, t } from '../i18n';
import { summaryFragment, type Balance, type CapProgress, type Decimal, type EntitySummary } from '../model';

interface Band {
  fromTce: Decimal;
  toTce: Decimal | null;
  max: Decimal | null;
}

interface OverviewData {
  zeroCarbonProgrammes: { code: string; indicators: { code: string; bands: Band[] | null }[] }[];
  province: { nodes: (EntitySummary & { trend: Pick<Balance, 'period' | 'carbonIntensity'>[]; previousTrend: Pick<Balance, 'period' | 'carbonIntensity'>[] })[] };
  cities: { nodes: EntitySummary[] };
  zeroCarbon: { nodes: EntitySummary[] };
  nearZeroCarbon: { nodes: EntitySummary[] };
  peakParks: { nodes: EntitySummary[] };
}

const overviewQuery = `
query Overview($year: Int!, $previous: Int!) {
  zeroCarbonProgrammes { code indicators { code bands { fromTce toTce max } } }
  province: entities(kind: PROVINCE, first: 10) { nodes { ...Summary
    trend: monthly(year: $year) { period carbonIntensity }
    previousTrend: monthly(year: $previous) { period carbonIntensity } } }
  cities: entities(kind: CITY, first: 100) { nodes { ...Summary } }
  zeroCarbon: entities(pilot: PROVINCIAL_ZERO_CARBON_ZONE, first: 100) { nodes { ...Summary } }
  nearZeroCarbon: entities(pilot: PROVINCIAL_NEAR_ZERO_CARBON_ZONE, first: 100) { nodes { ...Summary } }
  peakParks: entities(pilot: NATIONAL_CARBON_PEAK_PARK, first: 100) { nodes { ...Summary } }
}
${summaryFragment}`;

/** The view's fixed skeleton; load() fills it and can run again on every live change. */
export class OverviewView extends View {
  readonly name = 'overview';
  readonly element: HTMLElement;
  private readonly cards = h('section', { class: 'cards', id: 'province-cards' });
  private readonly table = h('tbody');
  private readonly trendChart = h('div', { class: 'chart', id: 'intensity-chart' });
  private readonly zoneChart = h('div', { class: 'chart', id: 'zone-chart' });
  private readonly zoneTable = h('tbody');

  constructor(private readonly year: number) {
    super();
    this.element = h(
      'div',
      { class: 'view', id: 'overview' },
      h('h2', {}, t('overview'), ' ', h('span', { class: 'muted' }, String(year))),
      this.cards,
      h(
        'section',
        { class: 'panel' },
        h('h3', {}, t('citiesAndZones')),
        h(
          'table',
          { class: 'grid', id: 'entity-table' },
          h('thead', {}, h('tr', {}, h('th', {}, t('name')), h('th', {}, t('kind')), h('th', {}, t('rating')), h('th', { class: 'num' }, t('controlledEnergyYtd')), h('th', { class: 'num' }, t('emissionsYtd')), h('th', { class: 'num' }, `${t('carbonIntensity')} (${t('intensityUnit')})`))),
          this.table,
        ),
      ),
      h('section', { class: 'panel' }, h('h3', {}, t('intensityTrend'), ' ', h('span', { class: 'muted' }, t('intensityUnit'))), this.trendChart),
      h(
        'section',
        { class: 'panel' },
        h('h3', {}, t('pilotZones')),
        this.zoneChart,
        h(
          'table',
          { class: 'grid', id: 'zone-table' },
          h('thead', {}, h('tr', {}, h('th', {}, t('name')), h('th', { class: 'num' }, t('zeroCarbonIndicator')), h('th', { class: 'num' }, `${t('cleanShare')} (≥ 90%)`), h('th', { class: 'num' }, t('energyYtd')), h('th', { class: 'num' }, t('renewableDeduction')), h('th', { class: 'num' }, t('feedstockDeduction')), h('th', { class: 'num' }, t('emissionsYtd')))),
          this.zoneTable,
        ),
      ),
    );
  }

  async load(): Promise<void> {
    const data = await query<OverviewData>(overviewQuery, { year: this.year, previous: this.year - 1 });
    const province = data.province.nodes[0];
    if (province) this.renderProvince(province);
    const zones = uniqueById([...data.zeroCarbon.nodes, ...data.nearZeroCarbon.nodes, ...data.peakParks.nodes]);
    fill(this.table, [...data.cities.nodes, ...zones].map((e) => this.row(e)));
    const bands = data.zeroCarbonProgrammes.flatMap((p) => p.indicators).find((i) => i.code === 'co2_per_tce')?.bands ?? [];
    this.renderZones(zones, bands);
    }

  private renderProvince(p: OverviewData['province']['nodes'][number]): void {
    const dc = p.dualControl;
    fill(
      this.cards,
      card('energy-card', t('controlledEnergyYtd'), formatEnergy(p.balance.controlledEnergyTce), capLine(dc.energyTotal), light(dc.energyRating, ratingText(t('energyRating'), dc.energyRating))),
      card('emissions-card', t('emissionsYtd'), formatEmissions(p.balance.grossTco2e), capLine(dc.carbonTotal), light(dc.carbonRating, ratingText(t('carbonRating'), dc.carbonRating))),
      card('intensity-card', t('carbonIntensity'), `${formatNumber(p.balance.carbonIntensity, 3)} ${t('intensityUnit')}`, dc.carbonIntensity ? `${t('target')} ${formatNumber(dc.carbonIntensity.targetIntensity, 3)}` : t('noTarget'), light(dc.carbonIntensity?.rating, label(dc.carbonIntensity?.rating ?? '—'))),
      card('energy-intensity-card', t('energyIntensity'), `${formatNumber(p.balance.energyIntensity, 3)} ${t('energyIntensityUnit')}`, dc.energyIntensity ? `${t('target')} ${formatNumber(dc.energyIntensity.targetIntensity, 3)}` : t('noTarget'), light(dc.energyIntensity?.rating, label(dc.energyIntensity?.rating ?? '—'))),
    );
    const months = Array.from({ length: 12 }, (_, i) => String(i + 1));
    const byMonth = (rows: Pick<Balance, 'period' | 'carbonIntensity'>[]) => months.map((_, i) => num(rows.find((r) => r.period.endsWith(`-${String(i + 1).padStart(2, '0')}`))?.carbonIntensity));
    const current = byMonth(p.trend);
    const previous = byMonth(p.previousTrend);
    const year = this.year;
    this.chart(
      this.trendChart,
      {
        tooltip: { trigger: 'axis' },
        legend: { data: [String(year - 1), String(year)], top: 0, right: 0 },
        grid: { left: 50, right: 20, top: 40, bottom: 30 },
        xAxis: { type: 'category', data: months },
        yAxis: { type: 'value', scale: true },
        series: [
          { name: String(year - 1), type: 'line', data: previous, lineStyle: { type: 'dashed' }, itemStyle: { color: palette.target } },
          { name: String(year), type: 'line', data: current, itemStyle: { color: palette.carbon } },
        ],
      },
      { current, previous },
    );
  }

  private row(e: EntitySummary): HTMLTableRowElement {
    const dc = e.dualControl;
    return h(
      'tr',
      { 'data-entity': e.id },
      h('td', {}, h('a', { href: `#/entity/${encodeURIComponent(e.id)}` }, entityName(e))),
      h('td', {}, label(e.kind)),
      ratingLights(dc),
      h('td', { class: 'num', 'data-field': 'energy' }, formatEnergy(e.balance.controlledEnergyTce), progress(dc.energyTotal)),
      h('td', { class: 'num', 'data-field': 'emissions' }, formatEmissions(e.balance.grossTco2e), progress(dc.carbonTotal)),
      h('td', { class: 'num' }, formatNumber(e.balance.carbonIntensity, 3)),
    );
  }

  private renderZones(zones: EntitySummary[], bands: Band[]): void {
    fill(
      this.zoneTable,
      zones.map((z) => {
        const perEnergy = num(z.balance.co2OnlyPerEnergy);
        const share = num(z.balance.cleanEnergyShare);
        const threshold = bandThreshold(bands, num(z.balance.energyTce) ?? 0);
        return h(
          'tr',
          { 'data-entity': z.id },
          h('td', {}, h('a', { href: `#/entity/${encodeURIComponent(z.id)}` }, entityName(z))),
          h(
            'td',
            { class: 'num', 'data-field': 'co2-per-tce', 'data-threshold': threshold ?? 'none' },
            threshold === null ? `${formatNumber(perEnergy, 3)} / ${t('noThresholdGiven')}` : light(perEnergy === null ? null : perEnergy <= threshold ? 'GREEN' : 'RED', `${formatNumber(perEnergy, 3)} / ${threshold}`),
          ),
          h('td', { class: 'num' }, light(share === null ? null : share >= 0.9 ? 'GREEN' : 'RED', formatPercent(share))),
          h('td', { class: 'num' }, formatEnergy(z.balance.energyTce)),
          h('td', { class: 'num deduction' }, `− ${formatEnergy(z.balance.renewableDeductionTce)}`),
          h('td', { class: 'num deduction' }, `− ${formatEnergy(z.balance.feedstockDeductionTce)}`),
          h('td', { class: 'num' }, formatEmissions(z.balance.grossTco2e)),
        );
      }),
    );
    const names = zones.map((z) => entityName(z));
    // A logarithmic axis: coal mines (methane) sit two orders of magnitude above the 0.2 and 0.3 lines.
    const values = zones.map((z) => num(z.balance.co2OnlyPerEnergy));
    const plotted = values.map((v) => (v === null ? null : Math.max(v, 0.01)));
    this.chart(
      this.zoneChart,
      {
        tooltip: { trigger: 'axis' },
        grid: { left: 50, right: 60, top: 30, bottom: 90 },
        xAxis: { type: 'category', data: names, axisLabel: { rotate: 30, fontSize: 10 } },
        yAxis: { type: 'log', min: 0.01, name: t('zeroCarbonIndicator'), nameTextStyle: { align: 'left' } },
        series: [
          {
            type: 'bar',
            data: plotted,
            itemStyle: { color: palette.carbon },
            markLine: {
              symbol: 'none',
              lineStyle: { type: 'dashed' },
              data: bands
                .map((b) => num(b.max))
                .filter((max): max is number => max !== null)
                .map((max, i) => ({ yAxis: max, label: { formatter: `${max} ${t('threshold')}` }, lineStyle: { color: i === 0 ? palette.green : palette.yellow } })),
            },
          },
        ],
      },
      values,
    );
  }
}

/**
 * The national zero-carbon park's threshold (CO2 only, tCO2/tce) for a year's energy use, from the
 * served rules: null where the rules give none (parks below 200,000 tce a year).
 */
function bandThreshold(bands: Band[], energyTce: number): number | null {
  const band = bands.find((b) => energyTce >= (num(b.fromTce) ?? 0) && (b.toTce === null || energyTce < (num(b.toTce) ?? Infinity)));
  return band ? num(band.max) : null;
}

const uniqueById = (entities: EntitySummary[]): EntitySummary[] => [...new Map(entities.map((e) => [e.id, e])).values()];


function capLine(cap: CapProgress | null): string {
  return cap ? `${formatPercent(cap.shareOfCap)} ${t('ofCap')}` : t('noTarget');
}

function progress(cap: CapProgress | null): HTMLElement | null {
  if (!cap) return null;
  const share = Math.min(1, num(cap.shareOfCap) ?? 0);
  return h(
    'div',
    { class: 'progress', title: `${formatPercent(cap.shareOfCap)} ${t('ofCap')}` },
    h('div', { class: `bar bar-${cap.rating.toLowerCase()}`, style: `width:${(share * 100).toFixed(1)}%` }),
  );
}
