// liveboard realtime client: one WebSocket to the fan-out (/api/ws), channel subscriptions that survive reconnects.
// Protocol: notes/protocol.md (welcome, subscribe/unsubscribe/ping, subscribed with snapshot, event messages with an
// opaque `pos`, error codes, close codes). Browser-only APIs are injected so the whole client runs under `node --test`.

import { Emitter } from './emitter.js';

export const State = Object.freeze({
  CONNECTING: 'connecting',
  OPEN: 'open',
  RECONNECTING: 'reconnecting',
  CLOSED: 'closed',
});

/** What the client does after the server (or the network) closes the socket with a code. */
export const CloseAction = Object.freeze({
  RESUME: 'resume', // reconnect promptly (small jitter) and resume with positions
  BACKOFF: 'backoff', // reconnect with exponential backoff and full jitter
  AUTH: 'auth', // stop: the app must get a new token
  POLICY: 'policy', // stop: this page's origin is not allowed; retrying cannot help
});

export function closeAction(code) {
  switch (code) {
    case 1012: // service restart (graceful shutdown / rolling restart)
    case 4000: // slow consumer: the server cut us loose, nothing is lost if we resume now
      return CloseAction.RESUME;
    case 4001: // token expired or revoked while connected
      return CloseAction.AUTH;
    case 1008: // policy violation (origin not allowed)
      return CloseAction.POLICY;
    default: // 1011 internal error, 1013 try later, 4002 rate limited, 1006 network, anything unknown
      return CloseAction.BACKOFF;
  }
}

/**
 * Exponential backoff with full jitter: a uniformly random delay in [0, min(cap, base * 2^attempt)).
 * Full jitter spreads a crowd of clients that lost the same node over the whole window instead of in waves.
 */
export function backoffDelay(attempt, { baseMs, capMs }, random = Math.random) {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.floor(random() * ceiling);
}

/** The claims of a JWT (unverified: only to know the user id and expiry; the server verifies). Null if unreadable. */
export function decodeToken(token) {
  if (typeof token !== 'string') return null;
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const b64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const padded = b64 + '='.repeat((4 - (b64.length % 4)) % 4);
    const json = decodeURIComponent(
      Array.from(atob(padded), (c) => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join(''),
    );
    const claims = JSON.parse(json);
    return claims && typeof claims === 'object' ? claims : null;
  } catch {
    return null;
  }
}

/** True when the token carries an `exp` that has passed (a token without one is left to the server). */
export function tokenExpired(token, nowMs) {
  const claims = decodeToken(token);
  return !!claims && typeof claims.exp === 'number' && claims.exp * 1000 <= nowMs;
}

/**
 * Asks the REST endpoint whether the server rejects a token. A browser cannot see the HTTP 401 of a refused
 * WebSocket upgrade (it only reports close 1006, the same as "server down"), so after a failed connect the client
 * asks `POST /api/ws/subscribe` with the token: 401 means the token is bad, anything else means it is not the token.
 */
export async function probeTokenRejected(wsUrl, token, fetchImpl = globalThis.fetch) {
  if (typeof fetchImpl !== 'function') return false;
  const url = wsUrl.replace(/^ws/, 'http').replace(/\?.*$/, '') + '/subscribe';
  try {
    const res = await fetchImpl(url, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: '{}',
    });
    return res.status === 401;
  } catch {
    return false; // unreachable: not a token problem
  }
}

export function defaultUrl(location = globalThis.location) {
  if (!location) throw new Error('realtime: no url given and no page location to derive it from');
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/api/ws`;
}

/** Remembers the last N positions of a channel, to drop a message delivered twice (e.g. around a reconnect). */
class RecentPositions {
  #set = new Set();
  #order = [];
  constructor(limit) {
    this.limit = limit;
  }
  has(pos) {
    return this.#set.has(pos);
  }
  add(pos) {
    if (this.#set.has(pos)) return;
    this.#set.add(pos);
    this.#order.push(pos);
    if (this.#order.length > this.limit) this.#set.delete(this.#order.shift());
  }
}

class Subscription {
  constructor(channel, since, dedupeWindow) {
    this.channel = channel;
    this.handlers = new Set();
    this.since = since ?? null; // asked by the app for the first subscribe only
    this.pos = null; // last position seen: the resume point after a reconnect
    this.liveAt = null; // server time (ms) the subscription went live, the resume point while there is no position
    this.seen = new RecentPositions(dedupeWindow);
    this.rejected = null; // error code when the server refused it (not retried until the token changes)
    this.retries = 0; // `unavailable` answers in a row: the backoff of the next ask
    this.retryTimer = null;
  }
}

const REJECTING_CODES = new Set(['forbidden', 'invalid_channel', 'too_many_subscriptions']);

const DEFAULTS = {
  url: null,
  token: null,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxAttempts: Infinity,
  resumeDelayMs: 250,
  stableAfterMs: 5_000,
  maxQueue: 100,
  dedupeWindow: 512,
  heartbeat: true,
  probeAuth: undefined, // (url, token) => Promise<boolean>; default probeTokenRejected; null turns it off
};

/**
 * Usage:
 *   const client = new RealtimeClient({ token });
 *   client.on('state', ({ state }) => ...);
 *   const off = client.subscribe('leaderboard:typing_wpm', (msg) => ...); // msg: subscribed | event | error | unsubscribed
 *   client.connect();
 */
export class RealtimeClient extends Emitter {
  #opts;
  #WebSocket;
  #setTimeout;
  #clearTimeout;
  #now;
  #random;
  #ws = null;
  #state = State.CLOSED;
  #stopped = true;
  #attempt = 0;
  #retryTimer = null;
  #stableTimer = null;
  #heartbeatTimer = null;
  #lastReceived = 0;
  #subs = new Map();
  #queue = [];
  #welcome = null;
  #token;
  #probed = false; // the token was checked during the current run of failed connects
  #skewMs = 0; // server clock minus ours, from welcome.server_time

  constructor(options = {}) {
    super();
    this.#opts = { ...DEFAULTS, ...options };
    this.#token = this.#opts.token ?? null;
    this.#WebSocket = options.WebSocket ?? globalThis.WebSocket;
    this.#setTimeout = options.setTimeout ?? ((fn, ms) => globalThis.setTimeout(fn, ms));
    this.#clearTimeout = options.clearTimeout ?? ((id) => globalThis.clearTimeout(id));
    this.#now = options.now ?? (() => Date.now());
    this.#random = options.random ?? Math.random;
    if (typeof this.#WebSocket !== 'function') throw new Error('realtime: no WebSocket implementation');
  }

  get state() {
    return this.#state;
  }
  /** The `welcome` data of the current connection (connection_id, user_id, username, heartbeat_ms), or null. */
  get welcome() {
    return this.#welcome;
  }
  get token() {
    return this.#token;
  }
  get queued() {
    return this.#queue.length;
  }
  get channels() {
    return [...this.#subs.keys()];
  }
  position(channel) {
    return this.#subs.get(channel)?.pos ?? null;
  }

  connect() {
    if (!this.#stopped) return this;
    this.#stopped = false;
    this.#attempt = 0;
    this.#setState(State.CONNECTING, {});
    this.#openSocket();
    return this;
  }

  /** Closes for good (until connect() is called again). Subscriptions and positions are kept. */
  close(code = 1000, reason = 'client closed') {
    this.#stopped = true;
    this.#clearTimers();
    this.#dropSocket(code, reason);
    this.#setState(State.CLOSED, { reason: 'client' });
  }

  /** Skips the wait of a pending reconnect (e.g. when the browser says it is back online). */
  reconnectNow() {
    if (this.#stopped || this.#retryTimer === null) return false;
    this.#clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    this.#openSocket();
    return true;
  }

  /**
   * Uses a new token (null: anonymous). A live connection is replaced by one with the new credentials at once;
   * subscriptions the old token was refused are tried again.
   */
  setToken(token) {
    this.#token = token ?? null;
    this.#probed = false;
    for (const sub of this.#subs.values()) sub.rejected = null;
    if (this.#stopped) return;
    this.#clearTimers();
    this.#dropSocket(1000, 'token changed');
    this.#attempt = 0;
    this.#setState(State.CONNECTING, { reason: 'token changed' });
    this.#openSocket();
  }

  /**
   * Subscribes `handler` to a channel; returns the function that unsubscribes it. The handler receives every message
   * of the channel: `subscribed` (with `data.snapshot`, `data.recovered`), event messages (duplicates dropped),
   * `error` with this channel, and `unsubscribed`. `options.since` (a position or ISO time) applies to the first
   * subscribe only; after that the client resumes from the last position it saw.
   */
  subscribe(channel, handler, options = {}) {
    if (typeof channel !== 'string' || !channel) throw new TypeError('realtime: channel must be a non-empty string');
    if (typeof handler !== 'function') throw new TypeError('realtime: handler must be a function');
    let sub = this.#subs.get(channel);
    if (!sub) {
      sub = new Subscription(channel, options.since, this.#opts.dedupeWindow);
      this.#subs.set(channel, sub);
      if (this.#isOpen()) this.#sendSubscribe(sub);
    }
    sub.handlers.add(handler);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      sub.handlers.delete(handler);
      if (sub.handlers.size === 0 && this.#subs.get(channel) === sub) {
        this.#subs.delete(channel);
        this.#cancelRetry(sub);
        if (this.#isOpen()) this.#sendNow({ type: 'unsubscribe', channel });
      }
    };
  }

  /**
   * Forgets the channel's position and subscribes again (without `since` unless given): the server answers with a
   * fresh snapshot. Used by streams that detect a gap. Sent as unsubscribe + subscribe, which every server accepts.
   */
  resubscribe(channel, options = {}) {
    const sub = this.#subs.get(channel);
    if (!sub) return false;
    sub.pos = null;
    sub.liveAt = null;
    sub.since = options.since ?? null;
    if (this.#isOpen()) {
      this.#sendNow({ type: 'unsubscribe', channel });
      this.#sendSubscribe(sub);
    }
    return true;
  }

  /**
   * Sends an application message. While disconnected it is queued (at most `maxQueue`; the oldest is dropped and
   * reported with an `overflow` event) and flushed in order after the next open. Returns 'sent' or 'queued'.
   */
  send(message) {
    if (this.#isOpen()) {
      this.#sendNow(message);
      return 'sent';
    }
    this.#queue.push(message);
    if (this.#queue.length > this.#opts.maxQueue) this.emit('overflow', this.#queue.shift());
    return 'queued';
  }

  ping() {
    return this.send({ type: 'ping' });
  }

  // ---- socket lifecycle ----

  #openSocket() {
    if (this.#token && tokenExpired(this.#token, this.#now())) {
      this.#stopped = true;
      this.emit('auth', { code: 4001, reason: 'token expired' });
      this.#setState(State.CLOSED, { code: 4001, reason: 'token expired' });
      return;
    }
    let ws;
    try {
      ws = new this.#WebSocket(this.#url());
    } catch (err) {
      this.#onClosed(1006, String(err?.message ?? err), false);
      return;
    }
    this.#ws = ws;
    let opened = false;
    ws.onopen = () => {
      if (ws !== this.#ws) return;
      opened = true;
      this.#onOpen();
    };
    ws.onmessage = (event) => {
      if (ws === this.#ws) this.#onMessage(event.data);
    };
    ws.onclose = (event) => {
      if (ws !== this.#ws) return;
      this.#ws = null;
      this.#onClosed(event.code, event.reason, opened);
    };
    ws.onerror = () => {
      // A close event always follows; it carries the code we act on.
    };
  }

  #url() {
    const base = this.#opts.url ?? defaultUrl();
    if (!this.#token) return base;
    return base + (base.includes('?') ? '&' : '?') + 'token=' + encodeURIComponent(this.#token);
  }

  #onOpen() {
    this.#probed = false;
    this.#lastReceived = this.#now();
    this.#welcome = null;
    // Resubscribe and flush before telling listeners, so a listener that subscribes on `open` is sent once.
    const previous = this.#state;
    this.#state = State.OPEN;
    // Only a connection that stays up resets the backoff: a node at its limit (1013) may accept and close at once.
    this.#stableTimer = this.#setTimeout(() => {
      this.#stableTimer = null;
      this.#attempt = 0;
    }, this.#opts.stableAfterMs);
    for (const sub of this.#subs.values()) {
      this.#cancelRetry(sub);
      if (!sub.rejected) this.#sendSubscribe(sub);
    }
    while (this.#queue.length && this.#isOpen()) this.#sendNow(this.#queue.shift());
    this.#state = previous;
    this.#setState(State.OPEN, {});
  }

  #onClosed(code, reason, opened) {
    this.#clearTimers();
    this.#welcome = null;
    if (this.#stopped) return;
    const action = closeAction(code);
    const detail = { code, reason: reason || '' };
    if (action === CloseAction.AUTH || action === CloseAction.POLICY) {
      this.#stopped = true;
      this.emit(action, detail);
      this.#setState(State.CLOSED, detail);
      return;
    }
    if (!opened && this.#token && !this.#probed) this.#probeToken();
    let delayMs;
    if (action === CloseAction.RESUME && opened) {
      delayMs = Math.floor(this.#random() * this.#opts.resumeDelayMs);
    } else {
      if (this.#attempt >= this.#opts.maxAttempts) {
        this.#stopped = true;
        this.#setState(State.CLOSED, { ...detail, reason: 'gave up after ' + this.#attempt + ' attempts' });
        return;
      }
      delayMs = backoffDelay(
        this.#attempt,
        { baseMs: this.#opts.baseDelayMs, capMs: this.#opts.maxDelayMs },
        this.#random,
      );
      this.#attempt += 1;
    }
    this.#setState(State.RECONNECTING, { ...detail, attempt: this.#attempt, delayMs });
    this.#retryTimer = this.#setTimeout(() => {
      this.#retryTimer = null;
      this.#openSocket();
    }, delayMs);
  }

  #probeToken() {
    const probe = this.#opts.probeAuth === undefined ? probeTokenRejected : this.#opts.probeAuth;
    if (!probe) return;
    this.#probed = true;
    const token = this.#token;
    Promise.resolve(probe(this.#opts.url ?? defaultUrl(), token)).then(
      (rejected) => {
        if (!rejected || this.#stopped || this.#token !== token || this.#state === State.OPEN) return;
        this.#stopped = true;
        this.#clearTimers();
        this.#dropSocket(1000, 'token rejected');
        const detail = { code: 401, reason: 'token rejected' };
        this.emit('auth', detail);
        this.#setState(State.CLOSED, detail);
      },
      () => {},
    );
  }

  #dropSocket(code, reason) {
    const ws = this.#ws;
    this.#ws = null;
    this.#welcome = null;
    if (!ws) return;
    ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
    try {
      ws.close(code, reason);
    } catch {
      // Already closing or closed.
    }
  }

  #clearTimers() {
    for (const timer of [this.#retryTimer, this.#stableTimer, this.#heartbeatTimer]) {
      if (timer !== null) this.#clearTimeout(timer);
    }
    this.#retryTimer = this.#stableTimer = this.#heartbeatTimer = null;
  }

  // Pings every heartbeat; a connection that has been silent for two heartbeats is dead (e.g. a half-open TCP
  // connection after a network change) and is replaced.
  #scheduleHeartbeat(intervalMs) {
    if (this.#heartbeatTimer !== null) this.#clearTimeout(this.#heartbeatTimer);
    this.#heartbeatTimer = this.#setTimeout(() => {
      this.#heartbeatTimer = null;
      if (!this.#isOpen()) return;
      if (this.#now() - this.#lastReceived > 2 * intervalMs) {
        this.#dropSocket(1000, 'heartbeat timeout');
        this.#onClosed(1006, 'heartbeat timeout', true);
        return;
      }
      this.#sendNow({ type: 'ping' });
      this.#scheduleHeartbeat(intervalMs);
    }, intervalMs);
  }

  // ---- messages ----

  #onMessage(raw) {
    this.#lastReceived = this.#now();
    let msg;
    try {
      msg = JSON.parse(raw);
    } catch {
      this.emit('protocol-error', { reason: 'not JSON', raw });
      return;
    }
    if (!msg || typeof msg.type !== 'string') {
      this.emit('protocol-error', { reason: 'no type', raw });
      return;
    }
    switch (msg.type) {
      case 'welcome': {
        this.#welcome = msg.data ?? {};
        const serverTime = Date.parse(this.#welcome.server_time);
        if (!Number.isNaN(serverTime)) this.#skewMs = serverTime - this.#now();
        if (this.#opts.heartbeat && this.#welcome.heartbeat_ms > 0) this.#scheduleHeartbeat(this.#welcome.heartbeat_ms);
        this.emit('welcome', this.#welcome);
        return;
      }
      case 'pong':
        this.emit('pong', msg.data ?? {});
        return;
      case 'subscribed':
        this.#onSubscribed(msg);
        return;
      case 'unsubscribed':
        this.emit('unsubscribed', { channel: msg.channel });
        this.#dispatch(msg);
        return;
      case 'error':
        this.#onError(msg);
        return;
      default:
        this.#onEvent(msg);
    }
  }

  #onSubscribed(msg) {
    const sub = this.#subs.get(msg.channel);
    if (!sub) return; // unsubscribed meanwhile
    const data = msg.data ?? {};
    sub.retries = 0;
    if (data.pos != null) sub.pos = data.pos;
    // A channel with no history yet may come without a position: remember when it went live (server clock) so a
    // reconnect can still ask for everything since then by time.
    else if (sub.pos == null && sub.liveAt == null) sub.liveAt = this.#now() + this.#skewMs;
    // Activity snapshots carry whole messages: remember their positions so a live copy is not delivered again.
    for (const item of data.snapshot?.items ?? []) if (item?.pos != null) sub.seen.add(item.pos);
    this.emit('subscribed', {
      channel: msg.channel,
      recovered: data.recovered ?? null,
      pos: data.pos ?? null,
      snapshot: data.snapshot ?? null,
    });
    this.#dispatch(msg);
  }

  #onError(msg) {
    const data = msg.data ?? {};
    this.emit('server-error', { channel: msg.channel ?? null, code: data.code, message: data.message });
    const sub = msg.channel ? this.#subs.get(msg.channel) : null;
    if (!sub) return;
    if (data.code === 'bad_since') {
      // The server did not understand our resume point: start over from a fresh snapshot rather than stay deaf.
      sub.pos = null;
      sub.since = null;
      sub.liveAt = null;
      if (this.#isOpen()) this.#sendSubscribe(sub);
    } else if (data.code === 'unavailable') {
      // The node cannot serve the channel just now (its Kafka reads are saturated or out of reach): ask again
      // later, with the same jittered backoff as reconnects so a crowd does not come back at once.
      this.#retrySubscribe(sub);
    } else if (REJECTING_CODES.has(data.code)) {
      sub.rejected = data.code;
    }
    this.#dispatch(msg);
  }

  #retrySubscribe(sub) {
    if (sub.retryTimer !== null) return;
    const backoff = { baseMs: this.#opts.baseDelayMs, capMs: this.#opts.maxDelayMs };
    const delay = Math.max(this.#opts.baseDelayMs, backoffDelay(sub.retries++, backoff, this.#random));
    sub.retryTimer = this.#setTimeout(() => {
      sub.retryTimer = null;
      if (this.#subs.get(sub.channel) === sub && this.#isOpen() && !sub.rejected) this.#sendSubscribe(sub);
    }, delay);
  }

  #cancelRetry(sub) {
    if (sub.retryTimer === null) return;
    this.#clearTimeout(sub.retryTimer);
    sub.retryTimer = null;
  }

  #onEvent(msg) {
    if (!msg.channel) {
      this.emit('message', msg);
      return;
    }
    const sub = this.#subs.get(msg.channel);
    if (!sub) return; // a message still in flight for a channel we left
    if (msg.pos != null) {
      if (sub.seen.has(msg.pos)) {
        this.emit('duplicate', msg);
        return;
      }
      sub.seen.add(msg.pos);
      sub.pos = msg.pos;
    }
    this.emit('message', msg);
    this.#dispatch(msg);
  }

  #dispatch(msg) {
    const sub = this.#subs.get(msg.channel);
    if (!sub) return;
    for (const handler of [...sub.handlers]) {
      try {
        handler(msg);
      } catch (err) {
        this.emit('handler-error', { channel: msg.channel, error: err });
      }
    }
  }

  // ---- sending ----

  #isOpen() {
    return this.#ws !== null && this.#ws.readyState === 1 && this.#state === State.OPEN;
  }

  #sendSubscribe(sub) {
    // A second of margin covers delivery delay; nothing was delivered on a channel without a position, so the
    // margin cannot repeat a message.
    const since = sub.pos ?? sub.since ?? (sub.liveAt != null ? new Date(sub.liveAt - 1000).toISOString() : null);
    this.#sendNow(since != null ? { type: 'subscribe', channel: sub.channel, since } : { type: 'subscribe', channel: sub.channel });
  }

  #sendNow(message) {
    this.#ws.send(JSON.stringify(message));
  }

  #setState(state, detail) {
    const previous = this.#state;
    this.#state = state;
    const event = { state, previous, ...detail };
    this.emit('state', event);
    this.emit(state, event);
  }
}
