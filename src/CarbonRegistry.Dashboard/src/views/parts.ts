// Pieces both pages draw.
import { h, light } from '../dom';
import { label, t } from '../i18n';
import type { DualControl } from '../model';

/** A headline figure with a detail line and a status. */
export function card(id: string, title: string, value: string, detail: string, status: HTMLElement | string): HTMLElement {
  return h('div', { class: 'card', id }, h('div', { class: 'card-title' }, title), h('div', { class: 'card-value' }, value), h('div', { class: 'card-detail' }, detail, ' ', status));
}

export const ratingText = (what: string, rating: string | null): string => `${what}: ${rating ? label(rating) : t('noTarget')}`;

/** The energy and carbon barometer lights of a table row. */
export const ratingLights = (dc: Pick<DualControl, 'energyRating' | 'carbonRating'>): HTMLTableCellElement =>
  h('td', { class: 'lights' }, light(dc.energyRating, ratingText(t('energyRating'), dc.energyRating)), light(dc.carbonRating, ratingText(t('carbonRating'), dc.carbonRating)));
