// Activity feeds: a bounded, newest-first list of items (activity:* channels, and the user's own achievements and
// rank changes), rendered so that new items never make the page jump.
//
// FeedModel is pure (tested under node); FeedStream binds it to channels of a RealtimeClient; FeedView renders it.

import { Emitter } from './emitter.js';
import { APPS, category, formatMetric, relativeTime, setText } from './format.js';
import { enter, prefersReducedMotion } from './flip.js';
import { frameScheduler } from './frames.js';

/**
 * Newest first, at most `limit` items, each once (by event id, else position). Snapshot items (oldest first, as the
 * server sends them) merge with what is there, ordered by timestamp. Emits 'change' ({ added, removed }).
 */
export class FeedModel extends Emitter {
  #items = []; // newest first
  #keys = new Set();
  #arrival = 0;

  constructor({ limit = 50 } = {}) {
    super();
    this.limit = limit;
  }

  get items() {
    return [...this.#items];
  }

  /** Adds one event message. Returns false when it was already there. */
  add(msg) {
    const result = this.#insert(msg);
    if (!result) return false;
    this.emit('change', result);
    return true;
  }

  /** Adds a snapshot's messages (oldest first). */
  addMany(messages) {
    const added = [];
    const removed = [];
    for (const msg of messages ?? []) {
      const r = this.#insert(msg);
      if (r) {
        added.push(...r.added);
        removed.push(...r.removed);
      }
    }
    const gone = new Set(removed.map((i) => i.key));
    const result = { added: added.filter((i) => !gone.has(i.key)), removed: removed.filter((i) => !added.includes(i)) };
    if (added.length) this.emit('change', result);
    return added.length;
  }

  #insert(msg) {
    if (!msg?.data) return null;
    const key = msg.data.event_id ?? msg.pos;
    if (key == null || this.#keys.has(key)) return null;
    const item = { key, type: msg.type, channel: msg.channel, data: msg.data, time: Date.parse(msg.data.timestamp) || 0, arrival: this.#arrival++ };
    // Newest first; usually goes on top, an older item (from a merged snapshot) slots in by its time.
    let i = 0;
    while (i < this.#items.length && (this.#items[i].time > item.time || (this.#items[i].time === item.time && this.#items[i].arrival > item.arrival))) i++;
    if (i >= this.limit) return null; // older than everything we keep
    this.#items.splice(i, 0, item);
    this.#keys.add(key);
    const removed = [];
    while (this.#items.length > this.limit) {
      const old = this.#items.pop();
      this.#keys.delete(old.key);
      removed.push(old);
    }
    return { added: [item], removed };
  }
}

/** Subscribes a FeedModel to channels: snapshots (activity:*) and event messages are merged into it. */
export class FeedStream {
  constructor(client, channels, { limit = 50, accept = () => true } = {}) {
    this.model = new FeedModel({ limit });
    this.offs = channels.map((channel) =>
      client.subscribe(channel, (msg) => {
        if (msg.type === 'subscribed') this.model.addMany((msg.data?.snapshot?.items ?? []).filter(accept));
        else if (msg.type !== 'error' && msg.type !== 'unsubscribed' && accept(msg)) this.model.add(msg);
      }),
    );
  }

  close() {
    for (const off of this.offs) off();
  }
}

const FEED_ICONS = {
  'session.completed': '✅',
  'rank.improved': '📈',
  'achievement.unlocked': '🏅',
  'high.score': '🏆',
  'leader.changed': '👑',
};

/** How an activity item (ActivityItem in the original spec's fields) reads in the feed. */
export function describeFeedItem(item) {
  const d = item.data;
  const app = APPS[d.app];
  return {
    icon: (item.type === 'achievement.unlocked' && d.icon) || FEED_ICONS[item.type] || '•',
    text: d.message || fallbackSentence(item.type, d),
    meta: [app?.label ?? (d.category ? category(d.category).label : null)].filter(Boolean).join(' · '),
    tone: item.type.replace('.', '-'),
  };
}

function fallbackSentence(type, d) {
  const who = d.username ?? `user ${d.user_id}`;
  switch (type) {
    case 'session.completed':
      return `${who} completed a ${APPS[d.app]?.label.toLowerCase() ?? ''} session`;
    case 'rank.improved':
      return `${who} climbed to #${d.rank} in ${category(d.category).label}`;
    case 'achievement.unlocked':
      return `${who} unlocked ${d.title ?? d.achievement}`;
    case 'high.score':
      return `${who} set a new high score: ${formatMetric(d.category, d.metric_value)}`;
    case 'leader.changed':
      return `${who} took #1 in ${category(d.category).label}`;
    default:
      return `${who}: ${type}`;
  }
}

/** How the user's own achievements and rank changes read in "My activity". */
export function describePersonalItem(item) {
  const d = item.data;
  switch (item.type) {
    case 'rank.changed': {
      const c = category(d.category);
      const dir = d.rank_change > 0 ? 'up' : d.rank_change < 0 ? 'down' : 'same';
      const move = d.previous_rank == null ? 'entered at' : dir === 'up' ? `up ${d.rank_change} to` : dir === 'down' ? `down ${-d.rank_change} to` : 'at';
      return { icon: dir === 'down' ? '📉' : '📈', text: `${c.label}: ${move} #${d.rank}`, meta: formatMetric(d.category, d.metric_value), tone: `rank-${dir}` };
    }
    case 'achievement.unlocked':
      return { icon: d.icon || '🏅', text: d.title ?? d.achievement, meta: d.description ?? '', tone: 'achievement' };
    case 'streak.milestone':
      return { icon: '🔥', text: `${d.milestone}-day streak`, meta: `${d.streak_days} days in a row`, tone: 'streak' };
    case 'level.up':
      return { icon: '⭐', text: `Reached level ${d.level}`, meta: `from level ${d.previous_level}`, tone: 'level' };
    case 'high.score':
      return { icon: '🏆', text: `Personal best: ${formatMetric(d.category, d.metric_value)}`, meta: APPS[d.app]?.label ?? '', tone: 'highscore' };
    default:
      return describeFeedItem(item);
  }
}

/**
 * Renders a FeedModel into a fixed-height scrolling list. New items go on top; when the reader has scrolled down,
 * the scroll position is corrected by the inserted height so what they read stays put, and a "new items" pill
 * offers to jump up. Relative times refresh every 15 s (text only).
 */
export class FeedView {
  #els = new Map();
  #frames;
  #pending = { added: [], removed: [] };
  #unseen = 0;

  constructor({ model, root, describe = describeFeedItem, doc = root.ownerDocument, emptyText = 'Nothing yet.', now } = {}) {
    this.model = model;
    this.root = root;
    this.describe = describe;
    this.doc = doc;
    this.now = now ?? (() => Date.now());
    this.win = doc.defaultView ?? globalThis;
    this.#frames = frameScheduler(this.win, () => this.render());
    root.classList.add('feed');
    this.list = doc.createElement('ol');
    this.list.className = 'feed-list';
    this.empty = doc.createElement('p');
    this.empty.className = 'feed-empty';
    this.empty.textContent = emptyText;
    this.pill = doc.createElement('button');
    this.pill.type = 'button';
    this.pill.className = 'feed-pill';
    this.pill.hidden = true;
    this.pill.addEventListener('click', () => this.list.scrollTo({ top: 0, behavior: 'smooth' }));
    this.list.addEventListener('scroll', () => {
      if (this.list.scrollTop <= 2 && this.#unseen) {
        this.#unseen = 0;
        this.pill.hidden = true;
      }
    }, { passive: true });
    root.replaceChildren(this.pill, this.list, this.empty);
    this.off = model.on('change', (c) => {
      this.#pending.added.push(...c.added);
      this.#pending.removed.push(...c.removed);
      this.schedule();
    });
    this.timer = this.win.setInterval(() => this.refreshTimes(), 15_000);
    this.#pending.added.push(...model.items.reverse());
    this.schedule();
  }

  schedule() {
    this.#frames.schedule();
  }

  render() {
    const { added, removed } = this.#pending;
    this.#pending = { added: [], removed: [] };
    const list = this.list;
    // The reader is looking further down: keep the first item they see where it is on screen, whatever is
    // inserted above it or trimmed below.
    const anchored = list.scrollTop > 2;
    let anchor = null;
    let anchorOffset = 0;
    if (anchored) {
      for (const el of list.children) {
        if (el.offsetTop + el.offsetHeight > list.scrollTop) {
          anchor = el;
          anchorOffset = el.offsetTop - list.scrollTop;
          break;
        }
      }
    }
    for (const item of removed) {
      this.#els.get(item.key)?.remove();
      this.#els.delete(item.key);
    }
    const items = this.model.items;
    const fresh = [];
    for (const item of added) {
      if (this.#els.has(item.key) || !items.some((i) => i.key === item.key)) continue;
      const el = this.#create(item);
      this.#els.set(item.key, el);
      fresh.push(el);
    }
    // Place every element in model order (new ones slot in; existing ones only move if out of place).
    let cursor = list.firstChild;
    for (const item of items) {
      const el = this.#els.get(item.key);
      if (!el) continue;
      if (el !== cursor) list.insertBefore(el, cursor);
      else cursor = cursor.nextSibling;
    }
    this.empty.hidden = items.length > 0;
    if (anchored) {
      if (anchor?.isConnected) list.scrollTop = anchor.offsetTop - anchorOffset;
      if (fresh.length) {
        this.#unseen += fresh.length;
        this.pill.textContent = `↑ ${this.#unseen} new`;
        this.pill.hidden = false;
      }
    } else if (!prefersReducedMotion(this.doc) && fresh.length <= 3) {
      for (const el of fresh) enter(el);
    }
  }

  refreshTimes() {
    const now = this.now();
    for (const el of this.#els.values()) {
      const t = el.querySelector('time');
      if (t) setText(t, relativeTime(t.dateTime, now));
    }
  }

  #create(item) {
    const d = this.doc;
    const desc = this.describe(item);
    const el = d.createElement('li');
    el.className = `feed-item feed-item--${desc.tone ?? 'info'}`;
    const icon = d.createElement('span');
    icon.className = 'feed-icon';
    icon.setAttribute('aria-hidden', 'true');
    icon.textContent = desc.icon;
    const body = d.createElement('div');
    body.className = 'feed-body';
    const text = d.createElement('p');
    text.className = 'feed-text';
    text.textContent = desc.text;
    const meta = d.createElement('p');
    meta.className = 'feed-meta';
    if (item.data.timestamp) {
      const time = d.createElement('time');
      time.dateTime = item.data.timestamp;
      time.textContent = relativeTime(item.data.timestamp, this.now());
      meta.append(time);
    }
    if (desc.meta) meta.append(d.createTextNode((item.data.timestamp ? ' · ' : '') + desc.meta));
    body.append(text, meta);
    el.append(icon, body);
    return el;
  }

  destroy() {
    this.off();
    this.#frames.cancel();
    this.win.clearInterval(this.timer);
    this.root.replaceChildren();
  }
}
