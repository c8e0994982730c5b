// Live session progress: WPM, accuracy, score (and comprehension), elapsed time and their trend, from
// `progress.update` messages of `user:{id}:progress` or `session:{id}:live`.
//
// ProgressModel and progressFigures are pure (tested under node); ProgressView renders them; bars move with
// transform: scaleX only, and the elapsed clock ticks locally between updates so it never looks frozen.

import { Emitter } from './emitter.js';
import { APPS, formatElapsed, formatFixed, formatNumber, formatSigned, setText } from './format.js';
import { frameScheduler } from './frames.js';

const METRICS = [
  // key in the model, field of progress.update, trend change field, trend average field
  { key: 'wpm', field: 'current_wpm', change: 'wpm_change', average: 'wpm_average', label: 'Speed', unit: 'wpm' },
  { key: 'accuracy', field: 'current_accuracy', change: 'accuracy_change', average: 'accuracy_average', label: 'Accuracy', unit: '%' },
  { key: 'score', field: 'current_score', change: 'score_change', average: 'score_average', label: 'Score', unit: 'pts' },
  { key: 'comprehension', field: 'current_comprehension', change: null, average: null, label: 'Comprehension', unit: '%' },
];

/** Tracks the live sessions of a progress channel; `current` is the one updated last. Emits 'change' (session). */
export class ProgressModel extends Emitter {
  #sessions = new Map();
  #seen = new Set();
  #seenOrder = [];

  constructor({ historySize = 40, maxSessions = 8, now } = {}) {
    super();
    this.historySize = historySize;
    this.maxSessions = maxSessions;
    this.now = now ?? (() => Date.now());
    this.current = null;
  }

  get sessions() {
    return [...this.#sessions.values()];
  }

  session(id) {
    return this.#sessions.get(id) ?? null;
  }

  /** Applies a progress.update's data. Returns false for a duplicate or an update older than the session's state. */
  apply(d) {
    if (!d || d.session_id == null) return false;
    if (d.event_id != null) {
      if (this.#seen.has(d.event_id)) return false;
      this.#seen.add(d.event_id);
      this.#seenOrder.push(d.event_id);
      if (this.#seenOrder.length > 1000) this.#seen.delete(this.#seenOrder.shift());
    }
    let s = this.#sessions.get(d.session_id);
    if (s && d.elapsed_ms != null && d.elapsed_ms < s.elapsed_ms) return false;
    if (!s) {
      s = {
        session_id: d.session_id, app: d.app, user_id: d.user_id, username: d.username,
        history: { wpm: [], accuracy: [], score: [], comprehension: [] }, best: {}, trend: {}, updates: 0,
      };
      this.#sessions.set(d.session_id, s);
      if (this.#sessions.size > this.maxSessions) {
        const oldest = [...this.#sessions.values()].sort((a, b) => a.receivedAt - b.receivedAt)[0];
        this.#sessions.delete(oldest.session_id);
      }
    }
    for (const m of METRICS) {
      const v = d[m.field];
      s[m.key] = v ?? null;
      if (v != null) {
        const h = s.history[m.key];
        h.push(v);
        if (h.length > this.historySize) h.shift();
        s.best[m.key] = Math.max(s.best[m.key] ?? -Infinity, v);
      }
    }
    s.app = d.app ?? s.app;
    s.username = d.username ?? s.username;
    s.progress = d.progress ?? null;
    s.elapsed_ms = d.elapsed_ms ?? (d.session_duration != null ? d.session_duration * 1000 : s.elapsed_ms ?? 0);
    s.trend = d.trend ?? {};
    s.timestamp = d.timestamp ?? null;
    s.receivedAt = this.now();
    s.updates += 1;
    this.current = s;
    this.emit('change', s);
    return true;
  }
}

/** A round upper bound for a bar's scale, so the bar does not rescale on every update. */
export function niceCeiling(value, floor) {
  const v = Math.max(value ?? 0, floor);
  const magnitude = 10 ** Math.floor(Math.log10(v));
  for (const step of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) {
    if (step * magnitude >= v) return step * magnitude;
  }
  return 10 * magnitude;
}

/**
 * The figures a session shows: one per metric the app reports, each with its display value, a 0..1 bar fraction,
 * the change since the previous update (direction up/down/flat) and the short moving average.
 */
export function progressFigures(s) {
  if (!s) return [];
  const figures = [];
  for (const m of METRICS) {
    const value = s[m.key];
    if (value == null) continue;
    let max;
    if (m.unit === '%') max = 100;
    else if (m.key === 'wpm') max = niceCeiling(s.best.wpm, 100);
    else max = niceCeiling(s.best.score, 100);
    const change = m.change ? s.trend?.[m.change] ?? null : null;
    const average = m.average ? s.trend?.[m.average] ?? null : null;
    figures.push({
      key: m.key,
      label: m.label,
      unit: m.unit,
      value,
      display: m.unit === 'pts' ? formatNumber(value, 0) : formatFixed(value),
      fraction: Math.max(0, Math.min(1, value / max)),
      max,
      change,
      changeDisplay: change == null ? '' : formatSigned(change, m.unit === 'pts' ? 0 : 1),
      direction: change == null || Math.abs(change) < 0.05 ? 'flat' : change > 0 ? 'up' : 'down',
      average,
      averageDisplay: average == null ? '' : `avg ${m.unit === 'pts' ? formatNumber(average, 0) : formatNumber(average)}`,
      history: s.history[m.key],
    });
  }
  return figures;
}

/** Elapsed time to show now: the last reported one plus the time since it came, while the session is live. */
export function liveElapsedMs(s, nowMs, staleAfterMs = 15_000) {
  if (!s) return null;
  const since = nowMs - (s.receivedAt ?? nowMs);
  if (s.progress != null && s.progress >= 1) return s.elapsed_ms;
  return since < staleAfterMs ? s.elapsed_ms + Math.max(0, since) : s.elapsed_ms;
}

export function isLive(s, nowMs, staleAfterMs = 15_000) {
  return !!s && !(s.progress != null && s.progress >= 1) && nowMs - s.receivedAt < staleAfterMs;
}

/** SVG path of a sparkline for the values in a w×h box. */
export function sparklinePath(values, w, h, pad = 2) {
  if (!values || values.length < 2) return '';
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const step = (w - 2 * pad) / (values.length - 1);
  return values
    .map((v, i) => `${i ? 'L' : 'M'}${(pad + i * step).toFixed(1)},${(h - pad - ((v - min) / span) * (h - 2 * pad)).toFixed(1)}`)
    .join('');
}

/** Feeds a ProgressModel from a channel of a RealtimeClient. */
export class ProgressStream {
  constructor(client, channel, options = {}) {
    this.channel = channel;
    this.model = new ProgressModel(options);
    this.unsubscribe = client.subscribe(channel, (msg) => {
      if (msg.type === 'progress.update') this.model.apply(msg.data);
    });
  }

  close() {
    this.unsubscribe();
  }
}

/**
 * Renders the model's current session: app and state, session progress, one card per figure with value, trend,
 * average, a bar and a sparkline. Cards are created once per metric and then only their text and transforms change.
 */
export class ProgressView {
  #cards = new Map();
  #frames;
  #tick = null;

  constructor({ model, root, doc = root.ownerDocument, emptyText = 'No live session right now.', now } = {}) {
    this.model = model;
    this.root = root;
    this.doc = doc;
    this.now = now ?? (() => Date.now());
    const win = doc.defaultView ?? globalThis;
    this.win = win;
    this.#frames = frameScheduler(this.win, () => this.render());
    root.classList.add('progress');
    root.innerHTML = `
      <div class="progress-head">
        <span class="progress-app" aria-hidden="true"></span>
        <div class="progress-title"><strong class="progress-app-name"></strong><span class="progress-session"></span></div>
        <span class="progress-state"></span>
        <span class="progress-elapsed" title="elapsed time"></span>
      </div>
      <div class="progress-track" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-label="session progress">
        <div class="progress-fill"></div>
      </div>
      <div class="progress-figures"></div>
      <p class="progress-empty"></p>`;
    this.q = (sel) => root.querySelector(sel);
    this.q('.progress-empty').textContent = emptyText;
    this.off = model.on('change', () => this.schedule());
    this.#tick = win.setInterval(() => this.#tickClock(), 1000);
    this.render();
  }

  schedule() {
    this.#frames.schedule();
  }

  render() {
    const s = this.model.current;
    this.root.classList.toggle('is-empty', !s);
    if (!s) return;
    const app = APPS[s.app] ?? { label: s.app, icon: '🎯' };
    setText(this.q('.progress-app'), app.icon);
    setText(this.q('.progress-app-name'), app.label);
    setText(this.q('.progress-session'), s.session_id);
    const pct = s.progress == null ? null : Math.round(s.progress * 100);
    const track = this.q('.progress-track');
    track.hidden = pct == null;
    if (pct != null) {
      track.setAttribute('aria-valuenow', String(pct));
      this.q('.progress-fill').style.transform = `scaleX(${s.progress})`;
    }
    this.#tickClock();
    const figures = progressFigures(s);
    const box = this.q('.progress-figures');
    const keep = new Set(figures.map((f) => f.key));
    for (const [key, card] of this.#cards) {
      if (!keep.has(key)) {
        card.el.remove();
        this.#cards.delete(key);
      }
    }
    for (const f of figures) {
      let card = this.#cards.get(f.key);
      if (!card) {
        card = this.#createCard(f);
        this.#cards.set(f.key, card);
        box.append(card.el);
      }
      setText(card.value, f.display);
      setText(card.change, f.direction === 'flat' ? (f.change == null ? '' : '→ ' + f.changeDisplay) : (f.direction === 'up' ? '▲ ' : '▼ ') + f.changeDisplay.replace(/^[+−]/, ''));
      if (card.change.dataset.dir !== f.direction) card.change.dataset.dir = f.direction;
      setText(card.average, f.averageDisplay);
      card.fill.style.transform = `scaleX(${f.fraction})`;
      card.spark.setAttribute('d', sparklinePath(f.history, 100, 28));
    }
  }

  #createCard(f) {
    const d = this.doc;
    const el = d.createElement('div');
    el.className = `figure figure--${f.key}`;
    el.innerHTML = `
      <div class="figure-top"><span class="figure-label"></span><span class="figure-change"></span></div>
      <div class="figure-main"><span class="figure-value"></span><span class="figure-unit"></span></div>
      <svg class="figure-spark" viewBox="0 0 100 28" preserveAspectRatio="none" aria-hidden="true"><path /></svg>
      <div class="figure-bar"><div class="figure-fill"></div></div>
      <div class="figure-average"></div>`;
    el.querySelector('.figure-label').textContent = f.label;
    el.querySelector('.figure-unit').textContent = f.unit;
    return {
      el,
      value: el.querySelector('.figure-value'),
      change: el.querySelector('.figure-change'),
      average: el.querySelector('.figure-average'),
      fill: el.querySelector('.figure-fill'),
      spark: el.querySelector('.figure-spark path'),
    };
  }

  #tickClock() {
    const s = this.model.current;
    if (!s) return;
    const now = this.now();
    setText(this.q('.progress-elapsed'), formatElapsed(liveElapsedMs(s, now)));
    const state = s.progress != null && s.progress >= 1 ? 'finished' : isLive(s, now) ? 'live' : 'idle';
    const el = this.q('.progress-state');
    setText(el, state);
    if (el.dataset.state !== state) el.dataset.state = state;
  }

  destroy() {
    this.off();
    this.#frames.cancel();
    this.win.clearInterval(this.#tick);
    this.root.replaceChildren();
  }
}
