// The dashboard talks to the public GraphQL API only: queries over HTTP (GraphQL over HTTP) and
// subscriptions over WebSocket (graphql-transport-ws, with the graphql-ws client).
import { createClient, type Client } from 'graphql-ws';

const tokenKey = 'carbon-registry-token';

export type TokenProblem = 'missing' | 'expired' | 'invalid' | 'forbidden';

/** An error the server reported, with its stable code (extensions.code). */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const storedToken = (): string | null => localStorage.getItem(tokenKey);

export function saveToken(token: string): void {
  localStorage.setItem(tokenKey, token.trim());
}

export function clearToken(): void {
  localStorage.removeItem(tokenKey);
}

/** Why the stored token cannot be used, as far as the browser can tell; null when it looks usable. */
export function tokenProblem(token: string | null, now = Date.now()): TokenProblem | null {
  if (!token) return 'missing';
  const parts = token.split('.');
  if (parts.length !== 3) return 'invalid';
  try {
    const payload = JSON.parse(atob(parts[1].replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: number };
    if (typeof payload.exp === 'number' && payload.exp * 1000 <= now) return 'expired';
  } catch {
    return 'invalid';
  }
  return null;
}

interface GraphQLResponse<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** Runs a query over HTTP with the stored token; throws ApiError with the server's code. */
export async function query<T>(document: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/graphql-response+json',
      Authorization: `Bearer ${storedToken() ?? ''}`,
    },
    body: JSON.stringify({ query: document, variables }),
  });
  let body: GraphQLResponse<T>;
  try {
    body = (await response.json()) as GraphQLResponse<T>;
  } catch {
    throw new ApiError('HTTP_' + response.status, response.statusText);
  }
  const error = body.errors?.[0];
  if (error) throw new ApiError(error.extensions?.code ?? 'HTTP_' + response.status, error.message);
  if (!body.data) throw new ApiError('HTTP_' + response.status, response.statusText);
  return body.data;
}

export type ConnectionState = 'connecting' | 'live' | 'offline';

let client: Client | null = null;
const stateListeners = new Set<(state: ConnectionState) => void>();

function notify(state: ConnectionState): void {
  for (const listener of stateListeners) listener(state);
}

export function onConnectionState(listener: (state: ConnectionState) => void): () => void {
  stateListeners.add(listener);
  return () => stateListeners.delete(listener);
}

function socket(): Client {
  if (client) return client;
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
  client = createClient({
    url,
    connectionParams: () => ({ authorization: `Bearer ${storedToken() ?? ''}` }),
    // Reconnecting is ours (see subscribe below), so that a resumed subscription asks for what
    // came after the last sequence it saw rather than after the one it started from.
    retryAttempts: 0,
    keepAlive: 10_000,
    on: {
      connecting: () => notify('connecting'),
      connected: () => notify('live'),
      closed: () => notify('offline'),
      // A connection that died without a reset answers no ping: give up on it after 5 s, which
      // errors every subscription and so starts their resume.
      ping: (received) => {
        if (!received) pongTimer = window.setTimeout(() => client?.terminate(), 5_000);
      },
      pong: (received) => {
        if (received) window.clearTimeout(pongTimer);
      },
    },
  });
  return client;
}

let pongTimer: number | undefined;

export function closeSocket(): void {
  window.clearTimeout(pongTimer);
  client?.dispose();
  client = null;
}

/** Close codes, and error codes of the server, after which retrying with the same token cannot help. */
const fatalCloseCodes = new Set([4401, 4403]);
const fatalErrorCodes = new Set(['UNAUTHENTICATED', 'FORBIDDEN']);

/** The close code of a closed socket, or the server's error code of a failed subscription. */
function failure(error: unknown): { close?: number; code?: string } {
  if (Array.isArray(error)) {
    const code = (error[0] as { extensions?: { code?: string } } | undefined)?.extensions?.code;
    return { code };
  }
  const close = (error as CloseEvent | undefined)?.code;
  return typeof close === 'number' ? { close } : {};
}

/**
 * A subscription that resumes: every event carries a ledger sequence; after a network drop it
 * subscribes again with afterSequence set to the last sequence delivered, so the server replays
 * what was missed, with no gap and no repeat. The server's resume is strictly after a sequence,
 * so the page resumes from the one before the last it saw and drops what it already has.
 */
export function subscribe<T>(
  document: string,
  variables: Record<string, unknown>,
  afterSequence: number,
  sequenceOf: (data: T) => number,
  keyOf: (data: T) => string,
  onData: (data: T) => void,
  onFatal: (problem: { close?: number; code?: string }) => void,
): () => void {
  let last = afterSequence;
  // Several events can share a sequence (one report, alerts for each ancestor): remember which
  // of the last sequence's events were delivered.
  let seen = new Set<string>();
  let stopped = false;
  let attempt = 0;
  let dispose: (() => void) | null = null;
  let timer: number | undefined;

  const retry = () => {
    if (stopped) return;
    const delay = Math.min(3000, 250 * 2 ** attempt++);
    timer = window.setTimeout(start, delay);
  };

  const start = () => {
    if (stopped) return;
    dispose?.();
    dispose = socket().subscribe<T>(
      { query: document, variables: { ...variables, afterSequence: seen.size > 0 ? last - 1 : last } },
      {
        next: (result) => {
          attempt = 0;
          if (!result.data) return;
          const data = result.data as T;
          const sequence = sequenceOf(data);
          const key = keyOf(data);
          if (sequence < last || (sequence === last && seen.has(key))) return;
          if (sequence > last) seen = new Set();
          last = sequence;
          seen.add(key);
          onData(data);
        },
        error: (error) => {
          if (stopped) return;
          const problem = failure(error);
          if ((problem.close !== undefined && fatalCloseCodes.has(problem.close)) || (problem.code !== undefined && fatalErrorCodes.has(problem.code))) {
            stopped = true;
            onFatal(problem);
            return;
          }
          retry();
        },
        complete: () => retry(),
      },
    );
  };

  start();
  return () => {
    stopped = true;
    window.clearTimeout(timer);
    dispose?.();
  };
}

/** Files need the bearer token, which a plain link cannot send: fetch the file, then save it under its name. */
export async function download(path: string, fallback: string): Promise<void> {
  const response = await fetch(path, { headers: { Authorization: `Bearer ${storedToken() ?? ''}` } });
  if (!response.ok) throw new ApiError('HTTP_' + response.status, response.statusText);
  // The server names the file (with its version, scope or factor set); the fallback is for a server that does not.
  const named = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '');
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = named?.[1] ?? fallback;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click is handled; the blob is released a little later.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Posts a file as the request body; the answer is JSON (an import outcome or a problem). */
export async function upload<T>(path: string, file: File): Promise<{ status: number; body: T }> {
  const response = await fetch(path, { method: 'POST', headers: { Authorization: `Bearer ${storedToken() ?? ''}` }, body: file });
  try {
    return { status: response.status, body: (await response.json()) as T };
  } catch {
    // Not JSON (a proxy's error page, a connection cut): the status is all there is.
    throw new ApiError('HTTP_' + response.status, response.statusText);
  }
}
