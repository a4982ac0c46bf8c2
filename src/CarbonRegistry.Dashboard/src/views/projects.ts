// The two-high project ledger: every project with its stage, figures, flags and substitution plan,
// filters by stage and flag, and each city's committed headroom against its caps.
import { query } from '../api';
import { fill, h } from '../dom';
import { View } from './view';
import { entityName, formatEmissions, formatEnergy, formatNumber, label, t } from '../i18n';
import { flagTags, projectFields, type Project } from './projectParts';

interface Headroom {
  committedEnergyTce: string;
  committedCoalTonnes: string;
  committedCo2Tco2e: string;
  energyCapTce: string | null;
  energyRemainingTce: string | null;
  carbonCapTco2e: string | null;
  carbonRemainingTco2e: string | null;
  projects: { id: string }[];
}

interface ProjectsData {
  projects: Project[];
  cities: { nodes: { id: string; name: string; nameZh: string; projectHeadroom: Headroom }[] };
}

const projectsQuery = `
query Projects($stage: ProjectStage, $flag: ProjectFlag, $year: Int!) {
  projects(stage: $stage, flag: $flag) { ${projectFields} }
  cities: entities(kind: CITY, first: 100) { nodes { id name nameZh projectHeadroom(year: $year) {
    committedEnergyTce committedCoalTonnes committedCo2Tco2e energyCapTce energyRemainingTce carbonCapTco2e carbonRemainingTco2e projects { id } } } }
}`;

const stages = ['PROPOSED', 'UNDER_CONSTRUCTION', 'EXISTING', 'REJECTED', 'CLOSED'];
const flags = ['NATIONAL_WINDOW_GUIDANCE', 'BELOW_BENCHMARK', 'BELOW_BASELINE'];

export class ProjectsView extends View {
  readonly name = 'projects';
  readonly element: HTMLElement;
  private readonly table = h('tbody');
  private readonly headroom = h('tbody');
  private stage = sessionStorage.getItem('carbon-registry-project-stage') ?? '';
  private flag = sessionStorage.getItem('carbon-registry-project-flag') ?? '';

  constructor(private readonly year: number) {
    super();
    const select = (id: string, values: string[], current: string, onChange: (value: string) => void) =>
      h(
        'select',
        { id, onchange: (event: Event) => onChange((event.target as HTMLSelectElement).value) },
        h('option', { value: '' }, t('all')),
        values.map((v) => h('option', { value: v, selected: v === current }, label(v))),
      );
    this.element = h(
      'div',
      { class: 'view', id: 'projects' },
      h('div', { class: 'crumbs' }, h('a', { href: '#/' }, t('back'))),
      h('h2', {}, t('projects')),
      h(
        'div',
        { class: 'filters' },
        h('label', {}, `${t('stage')} `, select('stage-filter', stages, this.stage, (v) => this.filter('stage', v))),
        h('label', {}, `${t('flag')} `, select('flag-filter', flags, this.flag, (v) => this.filter('flag', v))),
      ),
      h(
        'section',
        { class: 'panel' },
        h(
          'table',
          { class: 'grid', id: 'project-table' },
          h('thead', {}, h('tr', {}, h('th', {}, t('name')), h('th', {}, t('stage')), h('th', {}, t('sector')), h('th', {}, t('city')), h('th', { class: 'num' }, t('newEnergy')), h('th', { class: 'num' }, t('newCoal')), h('th', { class: 'num' }, t('newCo2')), h('th', {}, t('flags')), h('th', {}, t('substitution')))),
          this.table,
        ),
      ),
      h(
        'section',
        { class: 'panel' },
        h('h3', {}, t('headroom'), ' ', h('span', { class: 'muted' }, `${year} · ${t('headroomHelp')}`)),
        h(
          'table',
          { class: 'grid', id: 'headroom-table' },
          h('thead', {}, h('tr', {}, h('th', {}, t('city')), h('th', { class: 'num' }, t('committedProjects')), h('th', { class: 'num' }, t('newEnergy')), h('th', { class: 'num' }, t('energyRemaining')), h('th', { class: 'num' }, t('newCo2')), h('th', { class: 'num' }, t('carbonRemaining')))),
          this.headroom,
        ),
      ),
    );
  }

  async load(): Promise<void> {
    const data = await query<ProjectsData>(projectsQuery, { stage: this.stage || null, flag: this.flag || null, year: this.year });
    fill(
      this.table,
      data.projects.length === 0
        ? h('tr', {}, h('td', { colspan: 9, class: 'muted' }, t('none')))
        : data.projects.map((p) =>
            h(
              'tr',
              { 'data-project': p.id },
              h('td', {}, h('a', { href: `#/project/${encodeURIComponent(p.id)}` }, entityName(p))),
              h('td', { 'data-stage': p.stage }, label(p.stage)),
              h('td', {}, p.sector),
              h('td', {}, p.cityId ?? '—'),
              h('td', { class: 'num' }, formatEnergy(p.figures.energyTce)),
              h('td', { class: 'num' }, `${formatNumber(p.figures.coalFuelTonnes, 0)} + ${formatNumber(p.figures.coalFeedstockTonnes, 0)} t`),
              h('td', { class: 'num' }, formatEmissions(p.figures.co2Tco2e)),
              h('td', {}, flagTags(p)),
              h('td', { 'data-substitution': p.substitution.status }, label(`SUBSTITUTION_${p.substitution.status}`)),
            ),
          ),
    );
    const committed = data.cities.nodes.filter((c) => c.projectHeadroom.projects.length > 0);
    fill(
      this.headroom,
      committed.length === 0
        ? h('tr', {}, h('td', { colspan: 6, class: 'muted' }, t('none')))
        : committed.map((c) =>
            h(
              'tr',
              { 'data-city': c.id },
              h('td', {}, h('a', { href: `#/entity/${encodeURIComponent(c.id)}` }, entityName(c))),
              h('td', { class: 'num' }, c.projectHeadroom.projects.length),
              h('td', { class: 'num' }, formatEnergy(c.projectHeadroom.committedEnergyTce)),
              h('td', { class: 'num' }, c.projectHeadroom.energyCapTce === null ? t('noTarget') : formatEnergy(c.projectHeadroom.energyRemainingTce)),
              h('td', { class: 'num' }, formatEmissions(c.projectHeadroom.committedCo2Tco2e)),
              h('td', { class: 'num' }, c.projectHeadroom.carbonCapTco2e === null ? t('noTarget') : formatEmissions(c.projectHeadroom.carbonRemainingTco2e)),
            ),
          ),
    );
  }

  private filter(which: 'stage' | 'flag', value: string): void {
    this[which] = value;
    sessionStorage.setItem(`carbon-registry-project-${which}`, value);
    void this.load();
  }
}
