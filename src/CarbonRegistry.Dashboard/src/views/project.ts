// A project's page: its figures and flags, the joint review's rounds as a timeline, the coal
// substitution plan with its sources, and the project's ledger history.
import { query } from '../api';
import { fill, h } from '../dom';
import { View } from './view';
import { entityName, formatEmissions, formatEnergy, formatNumber, formatTime, label, t } from '../i18n';
import { card } from './parts';
import { flagTags, projectFields, type Project } from './projectParts';

interface ProjectData {
  project:
    | (Project & {
        disposal: { category: string; deadline: string | null; milestones: { due: string; description: string }[] } | null;
        reviewRounds: { number: number; status: string; departments: string[]; openedAt: string; signOffs: { department: string; approve: boolean; comment: string; reviewer: string; at: string; conditions: string | null }[] }[];
        substitution: Project['substitution'] & { sources: { id: string; kind: string; originEntityId: string; tonnes: string; achieved: boolean; status: string; evidence: string; note: string | null }[] };
        history: { nodes: { sequence: number; type: string; actor: string; recordedAt: string }[] };
      })
    | null;
}

const projectQuery = `
query Project($id: ID!) {
  project(id: $id) { ${projectFields}
    disposal { category deadline milestones { due description } }
    reviewRounds { number status departments openedAt signOffs { department approve comment reviewer at conditions } }
    substitution { sources { id kind originEntityId tonnes achieved status evidence note } }
    history(first: 200) { nodes { sequence type actor recordedAt } }
  }
}`;

export class ProjectView extends View {
  readonly name = 'project';
  readonly element: HTMLElement;
  private readonly heading = h('div', { class: 'entity-heading' });
  private readonly cards = h('section', { class: 'cards', id: 'project-cards' });
  private readonly rounds = h('div', { id: 'review-rounds' });
  private readonly plan = h('div', { id: 'substitution-plan' });
  private readonly sources = h('tbody');
  private readonly history = h('tbody');

  constructor(readonly id: string) {
    super();
    this.element = h(
      'div',
      { class: 'view', id: 'project' },
      h('div', { class: 'crumbs' }, h('a', { href: '#/projects' }, t('projects'))),
      this.heading,
      this.cards,
      h('section', { class: 'panel' }, h('h3', {}, t('jointReview')), this.rounds),
      h(
        'section',
        { class: 'panel' },
        h('h3', {}, t('substitution')),
        this.plan,
        h(
          'table',
          { class: 'grid', id: 'source-table' },
          h('thead', {}, h('tr', {}, h('th', {}, t('source')), h('th', {}, t('kind')), h('th', {}, t('origin')), h('th', { class: 'num' }, t('tonnes')), h('th', {}, t('achieved')), h('th', {}, t('status')), h('th', {}, t('evidence')))),
          this.sources,
        ),
      ),
      h(
        'section',
        { class: 'panel' },
        h('h3', {}, t('auditTrail')),
        h('table', { class: 'grid', id: 'project-history' }, h('thead', {}, h('tr', {}, h('th', {}, t('sequence')), h('th', {}, t('event')), h('th', {}, t('actor')), h('th', {}, t('time')))), this.history),
      ),
    );
  }

  async load(): Promise<void> {
    const { project } = await query<ProjectData>(projectQuery, { id: this.id });
    if (!project) {
      fill(this.heading, h('p', { class: 'error', role: 'alert' }, t('notFound')));
      return;
    }
    fill(
      this.heading,
      h('h2', {}, entityName(project), ' ', h('span', { class: 'muted', id: 'project-stage', 'data-stage': project.stage }, label(project.stage))),
      h('div', { class: 'tags' }, h('span', { class: 'tag' }, project.sector), h('a', { class: 'tag', href: `#/entity/${encodeURIComponent(project.siteEntityId)}` }, project.siteEntityId), flagTags(project)),
    );
    fill(
      this.cards,
      card('card-energy', t('newEnergy'), formatEnergy(project.figures.energyTce), `${t('plannedStart')} ${project.plannedStartYear}`, project.figures.factorSetId),
      card('card-coal', t('newCoal'), `${formatNumber(project.figures.coalFuelTonnes, 0)} t`, `${t('feedstock')}: ${formatNumber(project.figures.coalFeedstockTonnes, 0)} t`, ''),
      card('card-co2', t('newCo2'), formatEmissions(project.figures.co2Tco2e), '', ''),
      card('card-disposal', t('disposal'), project.disposal ? label(project.disposal.category) : '—', project.disposal?.deadline ? `${t('deadline')} ${project.disposal.deadline}` : '', ''),
    );
    fill(
      this.rounds,
      project.reviewRounds.length === 0
        ? h('p', { class: 'muted' }, t('none'))
        : project.reviewRounds.map((round) =>
            h(
              'div',
              { class: 'round', 'data-round': round.number, 'data-status': round.status },
              h('h4', {}, `${t('round')} ${round.number}${t('roundSuffix')} · `, h('span', { class: `status status-${round.status.toLowerCase()}` }, label(round.status)), h('span', { class: 'muted' }, ` · ${formatTime(round.openedAt)}`)),
              h(
                'ol',
                { class: 'timeline' },
                round.departments.map((department) => {
                  const signOff = round.signOffs.find((s) => s.department === department);
                  return h(
                    'li',
                    { 'data-department': department, 'data-decision': signOff ? (signOff.approve ? 'approve' : 'reject') : 'pending' },
                    h('strong', {}, label(department)),
                    ' ',
                    signOff ? h('span', { class: signOff.approve ? 'approve' : 'reject' }, t(signOff.approve ? 'approved' : 'rejected')) : h('span', { class: 'muted' }, t('pending')),
                    signOff ? h('div', { class: 'muted' }, `${signOff.comment} — ${signOff.reviewer}, ${formatTime(signOff.at)}`) : null,
                    signOff?.conditions ? h('div', { class: 'conditions' }, `${t('conditions')}: ${signOff.conditions}`) : null,
                  );
                }),
              ),
            ),
          ),
    );
    const plan = project.substitution;
    fill(
      this.plan,
      h(
        'p',
        { 'data-substitution': plan.status },
        h('strong', {}, label(`SUBSTITUTION_${plan.status}`)),
        ` · ${t('counted')} ${formatNumber(plan.countedCoalTonnes, 0)} t × ${plan.ratio === null ? t('ratioUnknown') : formatNumber(plan.ratio, 2)} = ${plan.requiredTonnes === null ? '—' : `${formatNumber(plan.requiredTonnes, 0)} t`} · ${t('verified')} ${formatNumber(plan.verifiedTonnes, 0)} t`,
        h('div', { class: 'muted' }, plan.ratioNote),
      ),
    );
    fill(
      this.sources,
      plan.sources.length === 0
        ? h('tr', {}, h('td', { colspan: 7, class: 'muted' }, t('none')))
        : plan.sources.map((s) =>
            h('tr', { 'data-source': s.id, 'data-status': s.status }, h('td', {}, s.id), h('td', {}, s.kind), h('td', {}, s.originEntityId), h('td', { class: 'num' }, formatNumber(s.tonnes, 0)), h('td', {}, s.achieved ? '✓' : t('toCome')), h('td', {}, label(s.status), s.note ? h('div', { class: 'muted' }, s.note) : null), h('td', {}, s.evidence)),
          ),
    );
    fill(
      this.history,
      project.history.nodes.map((e) => h('tr', { 'data-sequence': e.sequence }, h('td', {}, e.sequence), h('td', {}, label(e.type)), h('td', {}, e.actor), h('td', {}, formatTime(e.recordedAt)))),
    );
  }
}
