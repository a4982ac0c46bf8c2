// The dashboard shell: sign-in, header, router (#/, #/entity/<id>, #/projects, #/project/<id>, #/assessment, #/import), and the live feeds that
// keep the open page current.
import './style.css';
import { ApiError, clearToken, closeSocket, onConnectionState, query, saveToken, storedToken, subscribe, tokenProblem, type TokenProblem } from './api';
import { sweep } from './charts';
import { fill, h } from './dom';
import { label, language, setLanguage, t } from './i18n';
import type { AlertRaised, BalanceChange } from './model';
import { EntityView } from './views/entity';
import { ProjectView } from './views/project';
import { ProjectsView } from './views/projects';
import { AssessmentView } from './views/assessment';
import { ImportView } from './views/import';
import { OverviewView } from './views/overview';
import type { View } from './views/view';

const app = document.getElementById('app')!;
// Periods are China months; the default year is that of the last month that can be reported.
const chinaNow = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'numeric', timeZone: 'Asia/Shanghai' }).formatToParts(new Date());
const part = (type: string) => Number(chinaNow.find((p) => p.type === type)?.value);
const latestYear = part('month') === 1 ? part('year') - 1 : part('year');
let year = Number(sessionStorage.getItem('carbon-registry-year')) || latestYear;
let view: View | null = null;
let stopFeeds: (() => void)[] = [];
// Bumped by stop(): work started for an earlier sign-in checks it and gives up.
let session = 0;
let loading: Promise<void> | null = null;
let loadAgain = false;
let trailingRefresh: number | undefined;
const changes: BalanceChange['balanceChanged'][] = [];
const alerts: AlertRaised['alertRaised'][] = [];

const connection = h('span', { class: 'connection', id: 'connection', 'data-state': 'connecting' }, t('connecting'));
const main = h('main', { id: 'main' });
const alertList = h('ol', { class: 'feed', id: 'alerts' });
const changeList = h('ol', { class: 'feed', id: 'changes' });

const connectionLabel = (state: string | undefined) => t(state === 'live' ? 'live' : state === 'offline' ? 'offline' : 'connecting');

onConnectionState((state) => {
  connection.dataset.state = state;
  connection.textContent = connectionLabel(state);
});

function signIn(problem: TokenProblem): void {
  stop();
  document.body.dataset.ready = 'signin';
  const input = h('textarea', { id: 'token', rows: 4, spellcheck: 'false', autocomplete: 'off', placeholder: 'eyJhbGciOiJIUzI1NiIs…' });
  const message = { missing: t('tokenMissing'), expired: t('tokenExpired'), invalid: t('tokenInvalid'), forbidden: t('tokenForbidden') }[problem];
  fill(
    app,
    h(
      'form',
      {
        class: 'signin',
        id: 'signin',
        onsubmit: (event: Event) => {
          event.preventDefault();
          saveToken(input.value);
          start();
        },
      },
      h('h1', {}, t('title')),
      h('p', { class: 'muted' }, t('subtitle')),
      h('p', { class: `message message-${problem}`, id: 'auth-message', role: 'alert' }, message),
      h('label', { for: 'token' }, t('tokenLabel')),
      input,
      h('p', { class: 'hint' }, t('tokenHelp')),
      h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'signin-button' }, t('signIn')), languageButton()),
    ),
  );
}

function languageButton(): HTMLButtonElement {
  return h(
    'button',
    {
      type: 'button',
      id: 'language',
      class: 'secondary',
      onclick: () => {
        setLanguage(language() === 'en' ? 'zh' : 'en');
        const problem = tokenProblem(storedToken());
        if (problem) signIn(problem);
        else renderShell();
      },
    },
    t('language'),
  );
}

function renderShell(): void {
  connection.textContent = connectionLabel(connection.dataset.state);
  const yearSelect = h(
    'select',
    {
      id: 'year',
      'aria-label': t('year'),
      onchange: (event: Event) => {
        year = Number((event.target as HTMLSelectElement).value);
        sessionStorage.setItem('carbon-registry-year', String(year));
        route();
      },
    },
    Array.from({ length: 5 }, (_, i) => latestYear - i).map((y) => h('option', { value: y, selected: y === year }, y)),
  );
  fill(
    app,
    h(
      'header',
      {},
      h('div', {}, h('h1', {}, h('a', { href: '#/' }, t('title'))), h('div', { class: 'muted' }, t('subtitle'))),
      h('div', { class: 'controls' }, h('a', { href: '#/projects', id: 'nav-projects' }, t('projects')), h('a', { href: '#/assessment', id: 'nav-assessment' }, t('assessment')), h('a', { href: '#/import', id: 'nav-import' }, t('importReports')), connection, yearSelect, languageButton(), h('button', { type: 'button', class: 'secondary', id: 'signout', onclick: () => (clearToken(), signIn('missing')) }, t('signOut'))),
    ),
    h('div', { class: 'layout' }, main, h('aside', {}, h('h3', {}, t('alerts')), alertList, h('h3', {}, t('liveChanges')), changeList)),
  );
  renderFeeds();
  route();
}

function route(): void {
  const match = /^#\/(entity|project)\/(.+)$/.exec(location.hash);
  let id: string | null = null;
  try {
    id = match ? decodeURIComponent(match[2]) : null;
  } catch {
    id = match?.[2] ?? null; // Not valid percent-encoding: looked up as written, and not found.
  }
  const next: View =
    id !== null ? (match![1] === 'project' ? new ProjectView(id) : new EntityView(id, year)) : location.hash === '#/projects' ? new ProjectsView(year) : location.hash === '#/assessment' ? new AssessmentView(year) : location.hash === '#/import' ? new ImportView() : new OverviewView(year);
  view = next;
  document.body.dataset.ready = 'loading';
  delete document.body.dataset.charts;
  // The skeleton goes in first, so that charts size themselves to their containers.
  fill(main, next.element);
  sweep();
  reload();
}

/**
 * Loads the open view. Loads never overlap, so an older answer cannot land after a newer one:
 * a request made while one runs is coalesced into one more load after it.
 */
function reload(): void {
  if (loading) {
    loadAgain = true;
    return;
  }
  loading = (async () => {
    do {
      loadAgain = false;
      if (view) await load(view);
    } while (loadAgain);
    loading = null;
  })();
}

async function load(target: View): Promise<void> {
  try {
    await target.load();
    if (view !== target) return;
    const first = document.body.dataset.ready !== target.name;
    if (first) {
      document.body.dataset.ready = target.name;
      // User Timing, from navigation start: figures and tables shown, then charts drawn.
      performance.mark(`carbon-registry:${target.name}-ready`);
    }
    await nextPaint();
    if (view !== target) return;
    target.drawCharts();
    document.body.dataset.charts = target.name;
    if (first) performance.mark(`carbon-registry:${target.name}-charts`);
  } catch (error) {
    if (view !== target) return;
    if (error instanceof ApiError && (error.code === 'UNAUTHENTICATED' || error.code === 'FORBIDDEN')) {
      signIn(error.code === 'FORBIDDEN' ? 'forbidden' : (tokenProblem(storedToken()) ?? 'invalid'));
      return;
    }
    if (document.body.dataset.ready === target.name) {
      // A refresh failed (the network, most likely): keep what is shown, marked by the connection
      // badge, and try again shortly.
      window.clearTimeout(trailingRefresh);
      trailingRefresh = window.setTimeout(reload, 2000);
      return;
    }
    fill(main, h('p', { class: 'error', role: 'alert' }, `${t('errorLoading')}: ${error instanceof Error ? error.message : String(error)}`));
  }
}

/** Resolves after the browser has painted what is in the DOM now. */
const nextPaint = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve)));

/**
 * A live change reloads the open view at once, and once more shortly after the last change of a
 * burst: rollups reach the ancestors' grains just after the ledger commit that the change
 * announces, so the immediate reload can still miss the newest figures.
 */
function liveChange(): void {
  reload();
  window.clearTimeout(trailingRefresh);
  trailingRefresh = window.setTimeout(reload, 400);
}

function renderFeeds(): void {
  fill(
    alertList,
    alerts.length === 0
      ? h('li', { class: 'muted' }, t('none'))
      : alerts.map((a) => h('li', { class: `alert alert-${a.kind.toLowerCase()}`, 'data-sequence': a.sequence }, h('strong', {}, label(a.kind)), ' ', h('a', { href: `#/entity/${encodeURIComponent(a.entityId)}` }, a.entityId), ` ${a.period}`, h('div', { class: 'muted' }, a.message))),
  );
  fill(
    changeList,
    changes.length === 0
      ? h('li', { class: 'muted' }, t('none'))
      : changes.map((c) => h('li', { 'data-sequence': c.sequence }, h('span', { class: 'muted' }, `#${c.sequence} `), label(c.type), ' ', h('a', { href: `#/entity/${encodeURIComponent(c.sourceEntityId)}` }, c.sourceEntityId), ` ${c.period}`)),
  );
}

const remember = <T>(list: T[], item: T) => {
  list.unshift(item);
  list.length = Math.min(list.length, 30);
};

async function start(): Promise<void> {
  const problem = tokenProblem(storedToken());
  if (problem) {
    signIn(problem);
    return;
  }
  stop();
  const mine = session;
  let head: { lastSequence: number; entities: { nodes: { id: string }[] } };
  try {
    // The sequence is read before any data, so subscribing after it misses nothing.
    head = await query(`{ lastSequence entities(kind: PROVINCE, first: 10) { nodes { id } } }`);
  } catch (error) {
    if (mine !== session) return;
    if (error instanceof ApiError && (error.code === 'UNAUTHENTICATED' || error.code === 'FORBIDDEN')) {
      signIn(error.code === 'FORBIDDEN' ? 'forbidden' : 'invalid');
      return;
    }
    fill(app, h('p', { class: 'error', role: 'alert' }, `${t('errorLoading')}: ${error instanceof Error ? error.message : String(error)} `, h('button', { type: 'button', onclick: () => void start() }, '↻')));
    return;
  }
  if (mine !== session) return;
  renderShell();
  const fatal = (problem: { close?: number; code?: string }) => {
    if (mine !== session) return;
    signIn(problem.close === 4403 || problem.code === 'UNAUTHENTICATED' ? (tokenProblem(storedToken()) ?? 'invalid') : 'forbidden');
  };
  for (const province of head.entities.nodes) {
    stopFeeds.push(
      subscribe<BalanceChange>(
        `subscription($id: ID!, $afterSequence: Long) { balanceChanged(entityId: $id, includeDescendants: true, afterSequence: $afterSequence) { sequence entityId sourceEntityId type period } }`,
        { id: province.id },
        head.lastSequence,
        (d) => d.balanceChanged.sequence,
        (d) => `${d.balanceChanged.sequence}`,
        (d) => {
          remember(changes, d.balanceChanged);
          document.body.dataset.sequence = String(d.balanceChanged.sequence);
          renderFeeds();
          liveChange();
        },
        fatal,
      ),
    );
  }
  // Steps of the project ledger (a sign-off, a verified source) refresh the project pages; a
  // token that may not read projects (a reporter) gets none, and that is no reason to sign out.
  stopFeeds.push(
    subscribe<{ projectChanged: { sequence: number; projectId: string } }>(
      `subscription($afterSequence: Long) { projectChanged(afterSequence: $afterSequence) { sequence projectId } }`,
      {},
      head.lastSequence,
      (d) => d.projectChanged.sequence,
      (d) => `${d.projectChanged.sequence}`,
      (d) => {
        if (view instanceof ProjectsView || (view instanceof ProjectView && view.id === d.projectChanged.projectId)) liveChange();
      },
      () => undefined,
    ),
  );
  stopFeeds.push(
    subscribe<AlertRaised>(
      `subscription($afterSequence: Long) { alertRaised(afterSequence: $afterSequence) { sequence entityId sourceEntityId kind period message } }`,
      {},
      head.lastSequence,
      (d) => d.alertRaised.sequence,
      (d) => `${d.alertRaised.sequence}:${d.alertRaised.entityId}:${d.alertRaised.kind}:${d.alertRaised.period}:${d.alertRaised.message}`,
      (d) => {
        remember(alerts, d.alertRaised);
        renderFeeds();
      },
      fatal,
    ),
  );
}

function stop(): void {
  session++;
  for (const s of stopFeeds) s();
  stopFeeds = [];
  closeSocket();
  window.clearTimeout(trailingRefresh);
  view = null;
  changes.length = 0;
  alerts.length = 0;
}

window.addEventListener('hashchange', () => {
  if (session > 0 && stopFeeds.length > 0) route();
});

setLanguage(language());
void start();
