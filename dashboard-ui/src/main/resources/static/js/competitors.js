// Live standings of a match (`competitors.update` on `session:{id}:competitors`), rendered as bars that reorder
// with FLIP. CompetitorsModel is pure; CompetitorsView renders it.

import { Emitter } from './emitter.js';
import { flip, prefersReducedMotion } from './flip.js';
import { APPS, avatarHue, formatElapsed, formatNumber, initials, setText } from './format.js';
import { frameScheduler } from './frames.js';

const METRIC_UNITS = { wpm: 'wpm', accuracy: '%', comprehension: '%', score: 'pts' };

/** Keeps the latest standings of one match; an older or repeated update is ignored. Emits 'change'. */
export class CompetitorsModel extends Emitter {
  constructor() {
    super();
    this.update = null;
  }

  apply(d) {
    if (!d || !Array.isArray(d.standings)) return false;
    const prev = this.update;
    if (prev) {
      if (d.event_id != null && d.event_id === prev.event_id) return false;
      if (d.match_id === prev.match_id && Date.parse(d.timestamp) < Date.parse(prev.timestamp)) return false;
    }
    this.update = d;
    this.emit('change', d);
    return true;
  }

  /** Standings by position with each row's share of the leader's metric (0..1) for its bar. */
  get rows() {
    const d = this.update;
    if (!d) return [];
    const standings = [...d.standings].sort((a, b) => a.position - b.position || a.user_id - b.user_id);
    const top = Math.max(0, ...standings.map((s) => s.metric_value ?? 0));
    return standings.map((s) => ({ ...s, fraction: top > 0 ? Math.max(0, (s.metric_value ?? 0) / top) : 0 }));
  }

  reset() {
    this.update = null;
    this.emit('change', null);
  }
}

export class CompetitorsStream {
  constructor(client, sessionId) {
    this.channel = `session:${sessionId}:competitors`;
    this.model = new CompetitorsModel();
    this.errors = new Emitter();
    this.unsubscribe = client.subscribe(this.channel, (msg) => {
      if (msg.type === 'competitors.update') this.model.apply(msg.data);
      else if (msg.type === 'error') this.errors.emit('error', msg.data);
    });
  }

  close() {
    this.unsubscribe();
  }
}

export class CompetitorsView {
  #rows = new Map();
  #frames;

  constructor({ model, root, meId = null, doc = root.ownerDocument } = {}) {
    this.model = model;
    this.root = root;
    this.meId = meId == null ? null : Number(meId);
    this.doc = doc;
    this.win = doc.defaultView ?? globalThis;
    this.#frames = frameScheduler(this.win, () => this.render());
    this.head = doc.createElement('p');
    this.head.className = 'match-head';
    this.list = doc.createElement('ol');
    this.list.className = 'match-list';
    root.replaceChildren(this.head, this.list);
    this.off = model.on('change', () => this.schedule());
    this.render();
  }

  schedule() {
    this.#frames.schedule();
  }

  render() {
    const d = this.model.update;
    const rows = this.model.rows;
    setText(this.head, d ? `${APPS[d.app]?.icon ?? ''} ${APPS[d.app]?.label ?? d.app} match ${d.match_id} · by ${d.metric}` : '');
    this.head.hidden = !d;
    const unit = METRIC_UNITS[d?.metric] ?? '';
    flip([...this.#rows.values()].map((r) => r.el), () => {
      const keep = new Set(rows.map((r) => r.user_id));
      for (const [id, r] of this.#rows) {
        if (!keep.has(id)) {
          r.el.remove();
          this.#rows.delete(id);
        }
      }
      let cursor = this.list.firstChild;
      for (const row of rows) {
        let r = this.#rows.get(row.user_id);
        if (!r) {
          r = this.#create(row);
          this.#rows.set(row.user_id, r);
        }
        setText(r.pos, String(row.position));
        setText(r.name, row.username);
        setText(r.value, row.metric_value == null ? '–' : `${formatNumber(row.metric_value, unit === 'pts' ? 0 : 1)} ${unit}`);
        const extra = [];
        if (d.metric !== 'accuracy' && row.current_accuracy != null) extra.push(`${formatNumber(row.current_accuracy)}% acc`);
        extra.push(formatElapsed(row.elapsed_ms));
        setText(r.extra, extra.join(' · '));
        r.fill.style.transform = `scaleX(${row.fraction})`;
        r.el.classList.toggle('is-finished', !!row.finished);
        r.el.classList.toggle('is-me', row.user_id === this.meId);
        setText(r.flag, row.finished ? '🏁' : '');
        if (r.el !== cursor) this.list.insertBefore(r.el, cursor);
        else cursor = cursor.nextSibling;
      }
    }, { animate: !prefersReducedMotion(this.doc) });
  }

  #create(row) {
    const d = this.doc;
    const el = d.createElement('li');
    el.className = 'match-row';
    el.style.setProperty('--hue', String(avatarHue(row.user_id)));
    el.innerHTML = `<span class="match-pos"></span><span class="lb-avatar" aria-hidden="true"></span>
      <div class="match-main"><div class="match-line"><span class="match-name"></span><span class="match-flag"></span>
      <span class="match-value"></span></div><div class="match-bar"><div class="match-fill"></div></div>
      <div class="match-extra"></div></div>`;
    el.querySelector('.lb-avatar').textContent = initials(row.username);
    return {
      el,
      pos: el.querySelector('.match-pos'),
      name: el.querySelector('.match-name'),
      flag: el.querySelector('.match-flag'),
      value: el.querySelector('.match-value'),
      extra: el.querySelector('.match-extra'),
      fill: el.querySelector('.match-fill'),
    };
  }

  setMe(id) {
    this.meId = id == null ? null : Number(id);
    this.schedule();
  }

  destroy() {
    this.off();
    this.#frames.cancel();
    this.root.replaceChildren();
  }
}
