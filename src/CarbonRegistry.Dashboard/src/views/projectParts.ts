// What the project list and the project page share: the fields they read and the flags as tags.
import { h } from '../dom';
import { label, t } from '../i18n';

export interface Project {
  id: string;
  name: string;
  nameZh: string;
  stage: string;
  sector: string;
  cityId: string | null;
  siteEntityId: string;
  plannedStartYear: number;
  figures: { energyTce: string; coalFuelTonnes: string; coalFeedstockTonnes: string; co2Tco2e: string; factorSetId: string };
  flags: { nationalWindowGuidance: boolean; belowBenchmark: boolean; belowBaseline: boolean; referenceIsDemo: boolean };
  substitution: { status: string; ratio: string | null; ratioNote: string; requiredTonnes: string | null; verifiedTonnes: string; countedCoalTonnes: string };
}

export const projectFields = `id name nameZh stage sector cityId siteEntityId plannedStartYear
  figures { energyTce coalFuelTonnes coalFeedstockTonnes co2Tco2e factorSetId }
  flags { nationalWindowGuidance belowBenchmark belowBaseline referenceIsDemo }
  substitution { status ratio ratioNote requiredTonnes verifiedTonnes countedCoalTonnes }`;

/** The flags of a project as tags. */
export function flagTags(project: Project): HTMLElement[] {
  const tags: HTMLElement[] = [];
  if (project.flags.nationalWindowGuidance) tags.push(h('span', { class: 'tag', 'data-flag': 'NATIONAL_WINDOW_GUIDANCE' }, label('NATIONAL_WINDOW_GUIDANCE')));
  if (project.flags.belowBenchmark) tags.push(h('span', { class: 'tag tag-bad', 'data-flag': 'BELOW_BENCHMARK' }, label('BELOW_BENCHMARK')));
  if (project.flags.belowBaseline) tags.push(h('span', { class: 'tag tag-bad', 'data-flag': 'BELOW_BASELINE' }, label('BELOW_BASELINE')));
  if (project.flags.referenceIsDemo) tags.push(h('span', { class: 'tag tag-demo' }, t('demoReference')));
  return tags;
}
