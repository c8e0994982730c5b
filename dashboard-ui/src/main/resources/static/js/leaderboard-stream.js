// Live leaderboards: a snapshot, then `leaderboard.update`s applied strictly by `seq`, rendered with FLIP animations.
//
// LeaderboardModel is pure state (tested under node); LeaderboardStream binds a model to a RealtimeClient channel
// and asks for a fresh snapshot on a gap; LeaderboardView renders a model into the DOM.

import { Emitter } from './emitter.js';
import { flip, enter, flash, prefersReducedMotion } from './flip.js';
import { formatMetric, formatVelocity, initials, avatarHue, setText } from './format.js';

/**
 * The state of one category's board. Rules (protocol.md): after a snapshot at seq S, updates with seq <= S are
 * already in it; several updates may share one seq (the entries one change moved) and are applied in order, each
 * once; a seq that jumps by more than one means updates were missed, so the model stops applying and buffers until
 * a fresh snapshot arrives. An update whose rank is beyond the board's size removes the entry.
 */
export class LeaderboardModel extends Emitter {
  #entries = new Map(); // user_id -> entry
  #buffer = [];
  #groupIds = new Set(); // event ids applied in the current seq group
  #seqClosed = true; // the current seq came from a snapshot: its group is complete
  #sizeOption;

  constructor({ category = null, size = 100, maxBuffer = 1000 } = {}) {
    super();
    this.category = category;
    this.size = size;
    this.#sizeOption = size;
    this.maxBuffer = maxBuffer;
    this.ready = false;
    this.seq = null;
    this.totalRanked = null;
    this.updatedAt = null;
  }

  /** Entries ordered by rank (ties by user id, only possible half-way through a seq group). */
  get entries() {
    return [...this.#entries.values()].sort((a, b) => a.rank - b.rank || a.user_id - b.user_id);
  }

  entry(userId) {
    return this.#entries.get(Number(userId)) ?? null;
  }

  get buffered() {
    return this.#buffer.length;
  }

  /**
   * Applies a snapshot when the model has none, when it is newer than what the model holds, or when `force` is set.
   * A resumed subscription (recovered: true) may come with a snapshot older than the updates already applied, which
   * would move the board back in time; a fresh subscription's snapshot (recovered null or false) is the server's
   * truth and is forced, even if its seq is lower (e.g. the history was reset). Returns true when applied.
   */
  applySnapshot(snapshot, { force = false } = {}) {
    if (!snapshot || typeof snapshot.seq !== 'number' || !Array.isArray(snapshot.entries)) return false;
    if (!force && this.ready && snapshot.seq <= this.seq) return false;
    const entries = snapshot.entries;
    // A full board (more users ranked than listed) tells the server's top-N: entries pushed past it get an update
    // with a larger rank and must leave, or they would linger with a stale rank.
    if (typeof snapshot.total_ranked === 'number' && snapshot.total_ranked > entries.length && entries.length > 0) {
      this.size = Math.min(this.#sizeOption, entries.length);
    }
    const previous = this.#entries;
    this.#entries = new Map();
    for (const e of entries) {
      if (e.rank > this.size) continue;
      const old = previous.get(e.user_id);
      this.#entries.set(e.user_id, {
        rank: e.rank,
        user_id: e.user_id,
        username: e.username,
        metric_value: e.metric_value,
        previous_rank: old?.rank ?? null,
        rank_change: old ? old.rank - e.rank : 0,
        velocity: old?.velocity ?? null,
        changed: false,
      });
    }
    this.seq = snapshot.seq;
    this.#seqClosed = true;
    this.#groupIds.clear();
    this.totalRanked = snapshot.total_ranked ?? this.totalRanked;
    this.updatedAt = snapshot.timestamp ?? this.updatedAt;
    this.ready = true;
    this.emit('change', { kind: 'snapshot', seq: this.seq, moves: [] });
    this.#drain();
    return true;
  }

  /**
   * Applies one update. Returns 'applied', 'stale' (seq already in the board), 'duplicate' (this update of the
   * current seq group was applied), 'buffered' (waiting for a snapshot) or 'gap' (updates were missed: the caller
   * must fetch a fresh snapshot; the update is kept and replayed after it).
   */
  applyUpdate(update) {
    if (!this.ready) {
      this.#bufferUpdate(update);
      return 'buffered';
    }
    const result = this.#classify(update);
    if (result === 'gap') {
      this.ready = false;
      this.#bufferUpdate(update);
      this.emit('gap', { expected: this.seq + 1, got: update.seq });
      return 'gap';
    }
    if (result !== 'next' && result !== 'same') return result;
    if (result === 'next') {
      this.seq = update.seq;
      this.#seqClosed = false;
      this.#groupIds.clear();
    }
    this.#groupIds.add(updateKey(update));
    const move = this.#apply(update);
    this.emit('change', { kind: 'update', seq: this.seq, moves: [move] });
    return 'applied';
  }

  /** Forgets the board and buffers updates until the next snapshot (used when a fresh snapshot is requested). */
  invalidate() {
    this.ready = false;
  }

  #classify(update) {
    if (typeof update?.seq !== 'number') return 'stale';
    if (update.seq < this.seq) return 'stale';
    if (update.seq === this.seq) {
      if (this.#seqClosed) return 'stale';
      return this.#groupIds.has(updateKey(update)) ? 'duplicate' : 'same';
    }
    return update.seq === this.seq + 1 ? 'next' : 'gap';
  }

  #apply(u) {
    const old = this.#entries.get(u.user_id);
    const from = old?.rank ?? null;
    if (u.previous_rank == null && this.totalRanked != null) this.totalRanked += 1;
    this.updatedAt = u.timestamp ?? this.updatedAt;
    if (u.rank > this.size) {
      this.#entries.delete(u.user_id);
      return { user_id: u.user_id, from, to: null, rank_change: u.rank_change };
    }
    this.#entries.set(u.user_id, {
      rank: u.rank,
      user_id: u.user_id,
      username: u.username,
      metric_value: u.metric_value,
      previous_rank: u.previous_rank ?? null,
      rank_change: u.rank_change ?? 0,
      velocity: u.velocity ?? null,
      changed: true,
    });
    return { user_id: u.user_id, from, to: u.rank, rank_change: u.rank_change };
  }

  #bufferUpdate(update) {
    this.#buffer.push(update);
    // Dropping the oldest is safe: a missing seq shows as a gap after the snapshot and asks for another.
    if (this.#buffer.length > this.maxBuffer) this.#buffer.shift();
  }

  #drain() {
    const pending = this.#buffer;
    this.#buffer = [];
    for (let i = 0; i < pending.length; i++) {
      const result = this.applyUpdate(pending[i]);
      if (result === 'gap') {
        // Still missing something: keep the rest behind the update that showed the gap, in order.
        this.#buffer.push(...pending.slice(i + 1));
        return;
      }
    }
  }
}

function updateKey(u) {
  return u.event_id ?? `${u.user_id}@${u.rank}`;
}

/** Delays before asking again for a board the server did not have (see LeaderboardStream). */
const EMPTY_RETRY_BASE_MS = 250;
const EMPTY_RETRY_CAP_MS = 5000;

/**
 * Binds a model to a channel `leaderboard:{category}` of a RealtimeClient: snapshots and updates go to the model;
 * a gap makes it ask the server for a fresh snapshot (resubscribe without `since`). Emits 'gap' and 'resnapshot'.
 *
 * A fresh subscription the server answers without a snapshot means it has no board for the category yet (nobody is
 * ranked there): the model starts from an empty board at seq 0, so the first updates (seq 1, 2, ...) show as they
 * come. Had the server only not read its latest snapshot yet, the next update shows a gap and the board is asked for
 * again, after a delay that doubles while the answer stays "no board" (250 ms up to 5 s).
 */
export class LeaderboardStream extends Emitter {
  #emptyStart = false; // the board held started empty because the server had none
  #emptyRetries = 0;
  #retryTimer = null;

  constructor(client, category, { size = 100, setTimeout, clearTimeout } = {}) {
    super();
    this.client = client;
    this.category = category;
    this.channel = `leaderboard:${category}`;
    this.model = new LeaderboardModel({ category, size });
    this.resnapshots = 0;
    this.setTimeout = setTimeout ?? ((fn, ms) => globalThis.setTimeout(fn, ms));
    this.clearTimeout = clearTimeout ?? ((id) => globalThis.clearTimeout(id));
    this.model.on('gap', (gap) => {
      this.resnapshots += 1;
      this.emit('gap', gap);
      if (!this.#emptyStart) {
        this.client.resubscribe(this.channel);
        return;
      }
      if (this.#retryTimer !== null) return;
      const delay = Math.min(EMPTY_RETRY_CAP_MS, EMPTY_RETRY_BASE_MS * 2 ** this.#emptyRetries++);
      this.#retryTimer = this.setTimeout(() => {
        this.#retryTimer = null;
        this.client.resubscribe(this.channel);
      }, delay);
    });
    this.unsubscribe = client.subscribe(this.channel, (msg) => this.handle(msg));
  }

  handle(msg) {
    switch (msg.type) {
      case 'subscribed': {
        const data = msg.data ?? {};
        if (data.snapshot) {
          this.#emptyStart = false;
          this.#emptyRetries = 0;
          this.model.applySnapshot(data.snapshot, { force: data.recovered !== true });
        } else if (!this.model.ready && data.recovered !== true) {
          // No board on the server yet: an empty one at seq 0 (see the class comment).
          this.#emptyStart = true;
          this.model.applySnapshot({ category: this.category, seq: 0, total_ranked: 0, entries: [] }, { force: true });
        } else if (!this.model.ready && data.recovered === true) {
          // History was replayed but we hold no board to apply it to: start from a snapshot instead.
          this.model.invalidate();
          this.resnapshots += 1;
          this.client.resubscribe(this.channel);
        }
        return;
      }
      case 'leaderboard.update':
        this.model.applyUpdate(msg.data);
        return;
      case 'error':
        this.emit('error', msg.data);
        return;
      default:
    }
  }

  close() {
    if (this.#retryTimer !== null) this.clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    this.unsubscribe();
  }
}

/**
 * Renders a LeaderboardModel as an ordered list: the top `visible` entries, plus the signed-in user's own row
 * pinned below when they are further down. Re-renders at most once per animation frame; rows are keyed by user,
 * only changed text is written, and rank moves animate with FLIP on `transform` only.
 */
export class LeaderboardView {
  #rows = new Map(); // user_id -> { el, parts }
  #frame = null;

  constructor({ model, root, visible = 10, meId = null, doc = root.ownerDocument, raf } = {}) {
    this.model = model;
    this.root = root;
    this.visible = visible;
    this.meId = meId == null ? null : Number(meId);
    this.doc = doc;
    this.raf = raf ?? ((fn) => (doc.defaultView ?? globalThis).requestAnimationFrame(fn));
    this.list = doc.createElement('ol');
    this.list.className = 'lb-list';
    this.empty = doc.createElement('p');
    this.empty.className = 'lb-empty';
    this.empty.textContent = 'Waiting for the board…';
    root.replaceChildren(this.list, this.empty);
    this.off = model.on('change', () => this.schedule());
    this.schedule();
  }

  setMe(userId) {
    this.meId = userId == null ? null : Number(userId);
    this.schedule();
  }

  schedule() {
    if (this.#frame !== null) return;
    this.#frame = this.raf(() => {
      this.#frame = null;
      this.render();
    });
  }

  render() {
    const entries = this.model.entries;
    const shown = entries.slice(0, this.visible);
    const me = this.meId != null ? this.model.entry(this.meId) : null;
    if (me && !shown.includes(me)) shown.push(me);
    this.empty.hidden = shown.length > 0;
    this.empty.textContent = this.model.ready ? 'Nobody is ranked yet.' : 'Waiting for the board…';
    const animate = !prefersReducedMotion(this.doc);
    flip(
      [...this.#rows.values()].map((r) => r.el),
      () => this.#write(shown, entries.length > this.visible && me && me.rank > this.visible),
      { animate },
    );
    let rowHeight = null;
    for (const { el } of this.#rows.values()) {
      if (el.dataset.entering) {
        const climbed = el.dataset.entering === 'climb';
        delete el.dataset.entering;
        if (animate) {
          // A user climbing in from below the visible rows slides up from the bottom of the list; others fade in.
          rowHeight ??= el.offsetHeight;
          const below = shown.length - shown.findIndex((e) => e.user_id === Number(el.dataset.user));
          enter(el, climbed ? { from: below * rowHeight, duration: 550 } : {});
        }
      }
      if (el.dataset.flash) {
        delete el.dataset.flash;
        if (animate) flash(el);
      }
    }
  }

  #write(shown, pinnedGap) {
    const keep = new Set(shown.map((e) => e.user_id));
    for (const [id, row] of this.#rows) {
      if (!keep.has(id)) {
        row.el.remove();
        this.#rows.delete(id);
      }
    }
    let before = this.list.firstChild;
    for (const entry of shown) {
      let row = this.#rows.get(entry.user_id);
      if (!row) {
        row = this.#createRow(entry);
        this.#rows.set(entry.user_id, row);
        row.el.dataset.entering = this.model.ready && this.#rows.size > 1 && entry.changed && entry.rank_change > 0 ? 'climb' : 'fade';
      }
      this.#fill(row, entry, pinnedGap && entry.user_id === this.meId);
      if (row.el !== before) this.list.insertBefore(row.el, before);
      else before = before.nextSibling;
    }
  }

  #createRow(entry) {
    const d = this.doc;
    const el = d.createElement('li');
    el.className = 'lb-row';
    el.dataset.user = String(entry.user_id);
    const parts = {};
    for (const [key, tag, cls] of [
      ['rank', 'span', 'lb-rank'],
      ['change', 'span', 'lb-change'],
      ['avatar', 'span', 'lb-avatar'],
      ['name', 'span', 'lb-name'],
      ['velocity', 'span', 'lb-velocity'],
      ['value', 'span', 'lb-value'],
    ]) {
      parts[key] = d.createElement(tag);
      parts[key].className = cls;
    }
    parts.avatar.setAttribute('aria-hidden', 'true');
    const who = d.createElement('span');
    who.className = 'lb-who';
    who.append(parts.name, parts.velocity);
    el.append(parts.rank, parts.change, parts.avatar, who, parts.value);
    return { el, parts, lastValue: undefined };
  }

  #fill(row, entry, pinned) {
    const { el, parts } = row;
    setText(parts.rank, '#' + entry.rank);
    setText(parts.avatar, initials(entry.username));
    const hue = String(avatarHue(entry.user_id));
    if (el.style.getPropertyValue('--hue') !== hue) el.style.setProperty('--hue', hue);
    setText(parts.name, entry.username);
    setText(parts.value, formatMetric(this.model.category, entry.metric_value));
    setText(parts.velocity, entry.velocity ? formatVelocity(entry.velocity) : '');
    const dir = entry.previous_rank == null && entry.changed ? 'new' : entry.rank_change > 0 ? 'up' : entry.rank_change < 0 ? 'down' : 'same';
    const label = dir === 'new' ? 'new' : dir === 'up' ? `▲${entry.rank_change}` : dir === 'down' ? `▼${-entry.rank_change}` : '';
    setText(parts.change, label);
    if (parts.change.dataset.dir !== dir) parts.change.dataset.dir = dir;
    parts.change.title =
      dir === 'new' ? 'new on the board' : dir === 'same' ? '' : `${dir} ${Math.abs(entry.rank_change)} since the last change`;
    el.classList.toggle('is-me', entry.user_id === this.meId);
    el.classList.toggle('is-pinned', !!pinned);
    // Flash only the row whose value changed (the mover), not those it pushed down.
    if (row.lastValue !== undefined && row.lastValue !== entry.metric_value) el.dataset.flash = '1';
    row.lastValue = entry.metric_value;
  }

  destroy() {
    this.off();
    this.root.replaceChildren();
  }
}
