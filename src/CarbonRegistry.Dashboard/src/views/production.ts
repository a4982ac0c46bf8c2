// The production panel of an entity page: each main product of the year over the entity and
// everything under it, with CO2 per unit recomputed from sums by the server.
import { h } from '../dom';
import { entityName, formatNumber, t } from '../i18n';

export interface Production {
  code: string;
  name: string;
  nameZh: string;
  unit: string;
  quantity: string;
  unattributedQuantity: string;
  tco2ePerUnit: string | null;
  reporters: number;
}

export const productionSelection = 'production(year: $year) { code name nameZh unit quantity unattributedQuantity tco2ePerUnit reporters }';

/** The table of products, or null when nothing was stated. */
export function productionTable(products: Production[]): HTMLElement | null {
  if (products.length === 0) return null;
  return h(
    'table',
    { class: 'grid', id: 'production-table' },
    h('thead', {}, h('tr', {}, h('th', {}, t('product')), h('th', { class: 'num' }, t('output')), h('th', { class: 'num' }, t('perUnit')), h('th', { class: 'num' }, t('notAttributed')), h('th', { class: 'num' }, t('reporters')))),
    h(
      'tbody',
      {},
      products.map((p) =>
        h(
          'tr',
          { 'data-product': p.code },
          h('td', {}, entityName(p)),
          h('td', { class: 'num' }, `${formatNumber(p.quantity, 0)} ${p.unit}`),
          h('td', { class: 'num' }, p.tco2ePerUnit === null ? '—' : `${formatNumber(p.tco2ePerUnit, 3)} tCO2e/${p.unit}`),
          h('td', { class: 'num' }, `${formatNumber(p.unattributedQuantity, 0)} ${p.unit}`),
          h('td', { class: 'num' }, String(p.reporters)),
        ),
      ),
    ),
  );
}
