// Spreadsheet intake: download a template, choose a file, check it (nothing is written), see every
// refused row with its place and reason, then commit the valid rows or all of them.
import { download, upload } from '../api';
import { fill, h } from '../dom';
import { View } from './view';
import { formatNumber, language, t } from '../i18n';

interface RowError {
  row: number;
  column: string | null;
  field: string | null;
  code: string;
  message: string;
  messageZh: string;
}

interface Accepted {
  row: number;
  entityId: string;
  year: number;
  month: number;
  action: string;
  reportVersion: number;
  energyTce: string;
  netTco2e: string;
}

interface Outcome {
  fileName: string;
  rows: number;
  valid: number;
  committed: number;
  fileRefused: boolean;
  errorCount: number;
  accepted: Accepted[];
  errors: RowError[];
}

export class ImportView extends View {
  readonly name = 'import';
  readonly element: HTMLElement;
  private readonly file = h('input', { type: 'file', id: 'import-file', accept: '.csv,.xlsx' });
  private readonly summary = h('p', { id: 'import-summary', class: 'muted' });
  private readonly errors = h('tbody', { id: 'import-errors' });
  private readonly accepted = h('tbody', { id: 'import-accepted' });
  private readonly commitValid = h('button', { type: 'button', id: 'import-commit-valid', disabled: true, onclick: () => void this.send('valid') }, t('commitValid'));
  private readonly commitAll = h('button', { type: 'button', class: 'secondary', id: 'import-commit-all', disabled: true, onclick: () => void this.send('all') }, t('commitAll'));

  constructor() {
    super();
    this.file.addEventListener('change', () => void this.send('none'));
    this.element = h(
      'div',
      { class: 'view', id: 'import' },
      h('div', { class: 'crumbs' }, h('a', { href: '#/' }, t('back'))),
      h('h2', {}, t('importReports')),
      h(
        'section',
        { class: 'panel' },
        h('p', { class: 'muted' }, t('importHelp')),
        h(
          'div',
          { class: 'filters' },
          ['xlsx', 'csv'].map((format) => h('button', { type: 'button', class: 'secondary', 'data-template': format, onclick: () => void download(`/imports/template?format=${format}`, `report-template.${format}`) }, `${t('template')} ${format.toUpperCase()}`)),
          this.file,
          this.commitValid,
          this.commitAll,
        ),
        this.summary,
      ),
      h('section', { class: 'panel' }, h('h3', {}, t('refusedRows')), h('table', { class: 'grid' }, h('thead', {}, h('tr', {}, h('th', { class: 'num' }, t('row')), h('th', {}, t('column')), h('th', {}, t('code')), h('th', {}, t('reasonRefused')))), this.errors)),
      h('section', { class: 'panel' }, h('h3', {}, t('acceptedRows')), h('table', { class: 'grid' }, h('thead', {}, h('tr', {}, h('th', { class: 'num' }, t('row')), h('th', {}, t('name')), h('th', {}, t('period')), h('th', {}, t('action')), h('th', { class: 'num' }, t('energy')), h('th', { class: 'num' }, t('net')))), this.accepted)),
    );
  }

  load(): Promise<void> {
    return Promise.resolve();
  }

  /** Checks the chosen file (commit none), or commits it as chosen; the outcome replaces the tables. */
  private async send(commit: 'none' | 'valid' | 'all'): Promise<void> {
    const file = this.file.files?.[0];
    if (!file) return;
    this.summary.textContent = t('loading');
    let answer: { status: number; body: Outcome & { code?: string; message?: string; messageZh?: string } };
    try {
      answer = await upload(`/imports?commit=${commit}&name=${encodeURIComponent(file.name)}`, file);
    } catch (error) {
      fill(this.summary, `${t('errorLoading')}: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    const { status, body } = answer;
    if (body.code) {
      // A problem before any row was read: too large, not allowed.
      fill(this.summary, `${status} ${body.code}: ${language() === 'zh' ? (body.messageZh ?? body.message ?? '') : (body.message ?? '')}`);
      return;
    }

    this.summary.dataset.committed = String(body.committed);
    this.summary.dataset.valid = String(body.valid);
    fill(this.summary, `${body.fileName}: ${body.rows} ${t('rows')}, ${body.valid} ${t('validRows')}, ${body.committed} ${t('committedRows')}, ${body.errorCount} ${t('errors')}`);
    const canCommit = commit === 'none' && !body.fileRefused && body.valid > 0;
    this.commitValid.disabled = !canCommit;
    this.commitAll.disabled = !canCommit || body.valid !== body.rows;
    fill(
      this.errors,
      body.errors.map((e) =>
        h('tr', { 'data-row': e.row, 'data-code': e.code }, h('td', { class: 'num' }, e.row), h('td', {}, [e.column, e.field].filter(Boolean).join(' ')), h('td', {}, e.code), h('td', {}, language() === 'zh' ? e.messageZh : e.message)),
      ),
    );
    fill(
      this.accepted,
      body.accepted.map((a) =>
        h(
          'tr',
          { 'data-row': a.row, 'data-action': a.action },
          h('td', { class: 'num' }, a.row),
          h('td', {}, h('a', { href: `#/entity/${encodeURIComponent(a.entityId)}` }, a.entityId)),
          h('td', {}, `${a.year}-${String(a.month).padStart(2, '0')}`),
          h('td', {}, t(a.action === 'amend' ? 'actionAmend' : a.action === 'unchanged' ? 'actionUnchanged' : 'actionSubmit'), ` v${a.reportVersion}`),
          h('td', { class: 'num' }, formatNumber(a.energyTce, 3)),
          h('td', { class: 'num' }, formatNumber(a.netTco2e, 3)),
        ),
      ),
    );
  }
}
