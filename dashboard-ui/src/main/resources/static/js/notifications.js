// Toast notifications for achievements, streak milestones, level-ups and high scores.
//
// ToastQueue is the pure part (what is visible, what waits, for how long; tested under node). ToastView renders it
// into a stack that never overlaps (at most `maxVisible` toasts, the rest wait their turn) inside an aria-live
// region. SoundPlayer makes a short chime with Web Audio (no audio files); it is off until the user turns it on.

import { Emitter } from './emitter.js';
import { flip, prefersReducedMotion } from './flip.js';
import { APPS, category, formatMetric, formatNumber } from './format.js';

/**
 * What a server message means as a notification, or null when it is not one.
 * Returns { id, kind, icon, kicker, title, body, tone }; `id` is the event id, so a message seen twice shows once.
 */
export function describeNotification(msg) {
  const d = msg?.data;
  if (!d) return null;
  const id = d.event_id ?? msg.pos ?? `${msg.type}:${msg.channel}:${d.timestamp}`;
  switch (msg.type) {
    case 'achievement.unlocked':
      return {
        id, kind: msg.type, tone: 'achievement', icon: d.icon || '🏅', kicker: 'Achievement unlocked',
        title: d.title ?? d.achievement ?? 'Achievement',
        body: [d.description, d.points ? `+${formatNumber(d.points, 0)} pts` : null].filter(Boolean).join(' · '),
      };
    case 'streak.milestone':
      return {
        id, kind: msg.type, tone: 'streak', icon: '🔥', kicker: 'Streak milestone',
        title: `${d.milestone}-day streak!`,
        body: `${d.streak_days} days in a row${d.streak_start ? ` since ${d.streak_start}` : ''}`,
      };
    case 'level.up':
      return {
        id, kind: msg.type, tone: 'level', icon: '⭐', kicker: 'Level up',
        title: `Level ${d.level}`,
        body: `Up from level ${d.previous_level}${d.total_points != null ? ` · ${formatNumber(d.total_points, 0)} points in total` : ''}`,
      };
    case 'high.score': {
      const app = APPS[d.app];
      return {
        id, kind: msg.type, tone: 'highscore', icon: '🏆', kicker: 'New personal best',
        title: `${formatMetric(d.category, d.metric_value)} in ${app?.label ?? category(d.category).label}`,
        body: d.previous_best != null ? `Previous best ${formatMetric(d.category, d.previous_best)}` : '',
      };
    }
    default:
      return null;
  }
}

/**
 * Which toasts are visible and which wait. At most `maxVisible` at once, each for `durationMs` (paused while the
 * user hovers or focuses the stack); the rest wait in order (at most `maxQueued`; beyond that the oldest waiting
 * one is dropped and reported with 'dropped'). A toast whose id was seen recently is ignored.
 * Events: 'show' (toast), 'hide' (toast), 'dropped' (toast).
 */
export class ToastQueue extends Emitter {
  #visible = []; // { toast, timer, remaining, startedAt }
  #waiting = [];
  #seen = new Set();
  #seenOrder = [];
  #paused = false;

  constructor({ maxVisible = 3, durationMs = 6000, maxQueued = 50, dedupeWindow = 500, setTimeout, clearTimeout, now } = {}) {
    super();
    this.maxVisible = maxVisible;
    this.durationMs = durationMs;
    this.maxQueued = maxQueued;
    this.dedupeWindow = dedupeWindow;
    this.setTimeout = setTimeout ?? ((fn, ms) => globalThis.setTimeout(fn, ms));
    this.clearTimeout = clearTimeout ?? ((id) => globalThis.clearTimeout(id));
    this.now = now ?? (() => Date.now());
  }

  get visible() {
    return this.#visible.map((v) => v.toast);
  }
  get waiting() {
    return [...this.#waiting];
  }

  /** Returns 'shown', 'queued' or 'duplicate'. */
  push(toast) {
    if (toast.id != null) {
      if (this.#seen.has(toast.id)) return 'duplicate';
      this.#seen.add(toast.id);
      this.#seenOrder.push(toast.id);
      if (this.#seenOrder.length > this.dedupeWindow) this.#seen.delete(this.#seenOrder.shift());
    }
    if (this.#visible.length < this.maxVisible) {
      this.#show(toast);
      return 'shown';
    }
    this.#waiting.push(toast);
    if (this.#waiting.length > this.maxQueued) this.emit('dropped', this.#waiting.shift());
    return 'queued';
  }

  dismiss(id) {
    const i = this.#visible.findIndex((v) => v.toast.id === id);
    if (i < 0) {
      const w = this.#waiting.findIndex((t) => t.id === id);
      if (w >= 0) this.#waiting.splice(w, 1);
      return;
    }
    const [v] = this.#visible.splice(i, 1);
    if (v.timer !== null) this.clearTimeout(v.timer);
    this.emit('hide', v.toast);
    while (this.#visible.length < this.maxVisible && this.#waiting.length) this.#show(this.#waiting.shift());
  }

  /** Stops the clocks of visible toasts (while the user reads them). */
  pause() {
    if (this.#paused) return;
    this.#paused = true;
    const now = this.now();
    for (const v of this.#visible) {
      if (v.timer !== null) this.clearTimeout(v.timer);
      v.timer = null;
      v.remaining = Math.max(0, v.remaining - (now - v.startedAt));
    }
  }

  resume() {
    if (!this.#paused) return;
    this.#paused = false;
    for (const v of this.#visible) this.#arm(v);
  }

  clear() {
    this.#waiting = [];
    for (const v of [...this.#visible]) this.dismiss(v.toast.id);
  }

  #show(toast) {
    const v = { toast, timer: null, remaining: toast.durationMs ?? this.durationMs, startedAt: 0 };
    this.#visible.push(v);
    this.emit('show', toast);
    if (!this.#paused) this.#arm(v);
  }

  #arm(v) {
    v.startedAt = this.now();
    v.timer = this.setTimeout(() => {
      v.timer = null;
      this.dismiss(v.toast.id);
    }, v.remaining);
  }
}

/**
 * Renders a ToastQueue into `root` (a fixed stack; styles in notifications.css). The stack is a polite aria-live
 * region, so screen readers announce each toast as it appears. Hover or focus pauses the clocks.
 */
export class ToastView {
  #els = new Map();

  constructor({ queue, root, doc = root.ownerDocument, onShow = null } = {}) {
    this.queue = queue;
    this.root = root;
    this.doc = doc;
    this.onShow = onShow;
    root.classList.add('toast-stack');
    root.setAttribute('role', 'region');
    root.setAttribute('aria-label', 'Notifications');
    this.live = doc.createElement('ol');
    this.live.className = 'toast-list';
    this.live.setAttribute('aria-live', 'polite');
    this.live.setAttribute('aria-relevant', 'additions');
    root.replaceChildren(this.live);
    queue.on('show', (t) => this.#show(t));
    queue.on('hide', (t) => this.#hide(t));
    root.addEventListener('pointerenter', () => queue.pause());
    root.addEventListener('pointerleave', () => queue.resume());
    root.addEventListener('focusin', () => queue.pause());
    root.addEventListener('focusout', () => queue.resume());
  }

  #show(toast) {
    const d = this.doc;
    const el = d.createElement('li');
    el.className = `toast toast--${toast.tone ?? 'info'}`;
    el.dataset.id = String(toast.id);
    const icon = d.createElement('span');
    icon.className = 'toast-icon';
    icon.setAttribute('aria-hidden', 'true');
    icon.textContent = toast.icon ?? '🔔';
    const text = d.createElement('div');
    text.className = 'toast-text';
    const kicker = d.createElement('p');
    kicker.className = 'toast-kicker';
    kicker.textContent = toast.kicker ?? '';
    const title = d.createElement('p');
    title.className = 'toast-title';
    title.textContent = toast.title ?? '';
    const body = d.createElement('p');
    body.className = 'toast-body';
    body.textContent = toast.body ?? '';
    text.append(kicker, title, body);
    const close = d.createElement('button');
    close.type = 'button';
    close.className = 'toast-close';
    close.setAttribute('aria-label', 'Dismiss notification');
    close.textContent = '×';
    close.addEventListener('click', () => this.queue.dismiss(toast.id));
    const timer = d.createElement('span');
    timer.className = 'toast-timer';
    timer.style.animationDuration = `${toast.durationMs ?? this.queue.durationMs}ms`;
    el.append(icon, text, close, timer);
    this.#els.set(toast.id, el);
    const animate = !prefersReducedMotion(d);
    flip([...this.live.children], () => this.live.append(el), { animate });
    if (animate && el.animate) {
      el.animate([{ opacity: 0, transform: 'translateY(16px) scale(.96)' }, { opacity: 1, transform: 'none' }], {
        duration: 320, easing: 'cubic-bezier(.2,.8,.2,1)',
      });
    }
    this.onShow?.(toast);
  }

  #hide(toast) {
    const el = this.#els.get(toast.id);
    if (!el) return;
    this.#els.delete(toast.id);
    const animate = !prefersReducedMotion(this.doc);
    const remove = () => flip([...this.live.children].filter((c) => c !== el), () => el.remove(), { animate });
    if (!animate || !el.animate) {
      remove();
      return;
    }
    el.dataset.leaving = '1';
    el.animate([{ opacity: 1, transform: 'none' }, { opacity: 0, transform: 'translateX(24px)' }], {
      duration: 220, easing: 'ease-in', fill: 'forwards',
    }).finished.then(remove, remove);
  }
}

const TONES = {
  achievement: [659.25, 830.61, 987.77], // E5 G#5 B5
  streak: [587.33, 880],
  level: [523.25, 659.25, 783.99, 1046.5], // C major arpeggio
  highscore: [783.99, 1046.5],
  info: [880],
};

/**
 * A short chime per notification tone, synthesised with Web Audio. Off by default; turning it on must happen in a
 * user gesture (browsers only let audio start after one), which is when the AudioContext is created.
 */
export class SoundPlayer {
  #ctx = null;

  constructor({ enabled = false, AudioContext = globalThis.AudioContext ?? globalThis.webkitAudioContext, volume = 0.08 } = {}) {
    this.enabled = false;
    this.AudioContextClass = AudioContext;
    this.volume = volume;
    if (enabled) this.setEnabled(true);
  }

  get supported() {
    return typeof this.AudioContextClass === 'function';
  }

  setEnabled(on) {
    this.enabled = !!on && this.supported;
    if (this.enabled && !this.#ctx) this.#ctx = new this.AudioContextClass();
    if (this.enabled && this.#ctx?.state === 'suspended') this.#ctx.resume?.();
    return this.enabled;
  }

  play(tone = 'info') {
    if (!this.enabled || !this.#ctx) return false;
    const ctx = this.#ctx;
    const notes = TONES[tone] ?? TONES.info;
    const start = ctx.currentTime + 0.01;
    notes.forEach((freq, i) => {
      const t = start + i * 0.09;
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.setValueAtTime(freq, t);
      gain.gain.setValueAtTime(0.0001, t);
      gain.gain.exponentialRampToValueAtTime(this.volume, t + 0.015);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.45);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t);
      osc.stop(t + 0.5);
    });
    return true;
  }
}
