// The dashboard shell: sign-in, header, router (#/ and #/entity/<id>), and the live feeds that
// keep the open page current.
import './style.css';
import { ApiError, clearToken, closeSocket, onConnectionState, query, saveToken, storedToken, subscribe, tokenProblem, type TokenProblem } from './api';
import { sweep } from './charts';
import { fill, h } from './dom';
import { label, language, setLanguage, t } from './i18n';
import type { AlertRaised, BalanceChange } from './model';
import { EntityView } from './views/entity';
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
let refreshing = false;
let refreshAgain = false;
const changes: BalanceChange['balanceChanged'][] = [];
const alerts: AlertRaised['alertRaised'][] = [];

const connection = h('span', { class: 'connection', id: 'connection', 'data-state': 'connecting' }, t('connecting'));
const main = h('main', { id: 'main' });
const alertList = h('ol', { class: 'feed', id: 'alerts' });
const changeList = h('ol', { class: 'feed', id: 'changes' });

onConnectionState((state) => {
  connection.dataset.state = state;
  connection.textContent = t(state === 'live' ? 'live' : state === 'offline' ? 'offline' : 'connecting');
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
      h('div', { class: 'controls' }, connection, yearSelect, languageButton(), h('button', { type: 'button', class: 'secondary', id: 'signout', onclick: () => (clearToken(), signIn('missing')) }, t('signOut'))),
    ),
    h('div', { class: 'layout' }, main, h('aside', {}, h('h3', {}, t('alerts')), alertList, h('h3', {}, t('liveChanges')), changeList)),
  );
  renderFeeds();
  route();
}

async function route(): Promise<void> {
  const match = /^#\/entity\/(.+)$/.exec(location.hash);
  const next: View = match ? new EntityView(decodeURIComponent(match[1]), year) : new OverviewView(year);
  view = next;
  document.body.dataset.ready = 'loading';
  delete document.body.dataset.charts;
  // The skeleton goes in first, so that charts size themselves to their containers.
  fill(main, next.element);
  sweep();
  await load(next);
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
    if (error instanceof ApiError && (error.code === 'UNAUTHENTICATED' || error.code === 'FORBIDDEN')) {
      signIn(error.code === 'FORBIDDEN' ? 'forbidden' : (tokenProblem(storedToken()) ?? 'invalid'));
      return;
    }
    fill(main, h('p', { class: 'error', role: 'alert' }, `${t('errorLoading')}: ${error instanceof Error ? error.message : String(error)}`));
  }
}

/** Resolves after the browser has painted what is in the DOM now. */
const nextPaint = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve)));

/**
 * Reloads the open view at once on a live change; changes that arrive while it reloads are
 * coalesced into one more reload, so a burst costs at most two.
 */
function scheduleRefresh(): void {
  if (refreshing) {
    refreshAgain = true;
    return;
  }
  refreshing = true;
  void (async () => {
    do {
      refreshAgain = false;
      if (view) await load(view);
    } while (refreshAgain);
    refreshing = false;
  })();
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
  let head: { lastSequence: number; entities: { nodes: { id: string }[] } };
  try {
    // The sequence is read before any data, so subscribing after it misses nothing.
    head = await query(`{ lastSequence entities(kind: PROVINCE, first: 10) { nodes { id } } }`);
  } catch (error) {
    if (error instanceof ApiError && (error.code === 'UNAUTHENTICATED' || error.code === 'FORBIDDEN')) {
      signIn(error.code === 'FORBIDDEN' ? 'forbidden' : 'invalid');
      return;
    }
    throw error;
  }
  renderShell();
  const fatal = (code: number) => signIn(code === 4403 ? (tokenProblem(storedToken()) ?? 'invalid') : 'forbidden');
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
          scheduleRefresh();
        },
        fatal,
      ),
    );
  }
  stopFeeds.push(
    subscribe<AlertRaised>(
      `subscription($afterSequence: Long) { alertRaised(afterSequence: $afterSequence) { sequence entityId sourceEntityId kind period message } }`,
      {},
      head.lastSequence,
      (d) => d.alertRaised.sequence,
      (d) => `${d.alertRaised.sequence}:${d.alertRaised.entityId}:${d.alertRaised.kind}:${d.alertRaised.period}`,
      (d) => {
        remember(alerts, d.alertRaised);
        renderFeeds();
      },
      fatal,
    ),
  );
}

function stop(): void {
  for (const s of stopFeeds) s();
  stopFeeds = [];
  closeSocket();
}

window.addEventListener('hashchange', () => {
  if (!tokenProblem(storedToken())) void route();
});

setLanguage(language());
void start();
