import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { LeaderboardModel, LeaderboardView } from '../../main/resources/static/js/leaderboard-stream.js';
import { FeedModel, FeedView, describeFeedItem } from '../../main/resources/static/js/activity-feed.js';
import { ToastQueue, ToastView } from '../../main/resources/static/js/notifications.js';
import { frameScheduler } from '../../main/resources/static/js/frames.js';
import { miniDocument } from './mini-dom.js';
import { FakeClock } from './fakes.js';

const e = (rank, user_id, username, metric_value) => ({ rank, user_id, username, metric_value });
let ids = 0;
const upd = (seq, rank, user_id, username, metric_value, previous_rank) => ({
  event_id: `v${++ids}`, seq, rank, user_id, username, metric_value, previous_rank,
  rank_change: previous_rank == null ? 0 : previous_rank - rank, velocity: 0.5,
});

function boardView(options = {}) {
  const doc = miniDocument();
  const root = doc.createElement('div');
  doc.body.append(root);
  const model = new LeaderboardModel({ category: 'typing_wpm' });
  const view = new LeaderboardView({ model, root, doc, visible: 3, ...options });
  return { doc, model, view, rows: () => view.list.children.map((r) => `${r.querySelector('.lb-rank').textContent} ${r.querySelector('.lb-name').textContent} ${r.querySelector('.lb-change').textContent}`.trim()) };
}

describe('LeaderboardView (structure)', () => {
  test('rows follow rank order; a move reorders the same row elements; one render per frame', () => {
    const { doc, model, view, rows } = boardView();
    model.applySnapshot({ seq: 1, total_ranked: 3, entries: [e(1, 1, 'ann', 90), e(2, 2, 'bob', 80), e(3, 3, 'cy', 70)] });
    doc.flushFrames();
    assert.deepEqual(rows(), ['#1 ann', '#2 bob', '#3 cy']);
    const cyRow = view.list.children[2];
    model.applyUpdate(upd(2, 1, 3, 'cy', 95, 3));
    model.applyUpdate(upd(2, 2, 1, 'ann', 90, 1));
    model.applyUpdate(upd(2, 3, 2, 'bob', 80, 2));
    assert.deepEqual(rows(), ['#1 ann', '#2 bob', '#3 cy'], 'nothing rendered before the frame');
    doc.flushFrames();
    assert.deepEqual(rows(), ['#1 cy ▲2', '#2 ann ▼1', '#3 bob ▼1']);
    assert.equal(view.list.children[0], cyRow, 'same element, moved');
    assert.equal(cyRow.dataset.flash, undefined, 'flash flag consumed by the render');
  });

  test('only the top rows show; the signed-in user is pinned below when further down; leavers are removed', () => {
    const { doc, model, rows, view } = boardView({ meId: 5 });
    model.applySnapshot({ seq: 1, total_ranked: 5, entries: [e(1, 1, 'ann', 9), e(2, 2, 'bob', 8), e(3, 3, 'cy', 7), e(4, 4, 'dee', 6), e(5, 5, 'me', 5)] });
    doc.flushFrames();
    assert.deepEqual(rows(), ['#1 ann', '#2 bob', '#3 cy', '#5 me']);
    assert.ok(view.list.children[3].classList.contains('is-pinned'));
    assert.ok(view.list.children[3].classList.contains('is-me'));
    model.applyUpdate(upd(2, 2, 5, 'me', 8.5, 5));
    model.applyUpdate(upd(2, 3, 2, 'bob', 8, 2));
    model.applyUpdate(upd(2, 4, 3, 'cy', 7, 3));
    model.applyUpdate(upd(2, 5, 4, 'dee', 6, 4));
    doc.flushFrames();
    assert.deepEqual(rows(), ['#1 ann', '#2 me ▲3', '#3 bob ▼1']);
    assert.ok(!view.list.children[1].classList.contains('is-pinned'));
    assert.equal(view.empty.hidden, true);
  });
});

/** A feed view of at most 3 items on a mini document, its clock at 2026-02-20T18:31:00Z. */
function feedView() {
  const doc = miniDocument();
  const root = doc.createElement('div');
  doc.body.append(root);
  const model = new FeedModel({ limit: 3 });
  const view = new FeedView({ model, root, doc, describe: describeFeedItem, now: () => Date.parse('2026-02-20T18:31:00Z') });
  return { doc, root, model, view };
}

describe('FeedView (structure)', () => {
  test('newest on top, bounded, each item once', () => {
    const { doc, root, model, view } = feedView();
    const item = (n) => ({ type: 'session.completed', channel: 'activity:feed', pos: 'p' + n, data: { event_id: 'e' + n, user_id: n, username: 'u' + n, message: `u${n} completed a session`, timestamp: `2026-02-20T18:30:0${n}Z` } });
    doc.flushFrames();
    assert.equal(view.empty.hidden, false);
    model.addMany([item(1), item(2)]);
    model.add(item(3));
    model.add(item(3));
    doc.flushFrames();
    model.add(item(4));
    doc.flushFrames();
    const texts = view.list.children.map((li) => li.querySelector('.feed-text').textContent);
    assert.deepEqual(texts, ['u4 completed a session', 'u3 completed a session', 'u2 completed a session']);
    assert.equal(view.list.children[0].querySelector('.feed-meta').textContent, '56s ago');
    assert.equal(view.empty.hidden, true);
  });
});

describe('frameScheduler', () => {
  test('one render per frame however many changes; a cancelled frame does not render', () => {
    const queued = [];
    const cancelled = [];
    let ids = 0;
    const win = {
      requestAnimationFrame: (fn) => { queued.push(fn); return ++ids; },
      cancelAnimationFrame: (id) => cancelled.push(id),
    };
    let renders = 0;
    const frames = frameScheduler(win, () => renders++);
    frames.schedule();
    frames.schedule();
    assert.equal(queued.length, 1);
    queued.shift()();
    assert.equal(renders, 1);
    frames.schedule();
    frames.cancel();
    assert.deepEqual(cancelled, [2]);
    queued.shift()(); // a window that runs it anyway (no cancelAnimationFrame) still does not render
    assert.equal(renders, 1);
    frames.schedule();
    queued.shift()();
    assert.equal(renders, 2);
  });

  test('a destroyed view does not render the frame it had pending', () => {
    const { doc, root, model, view } = feedView();
    doc.flushFrames();
    model.add({ type: 'session.completed', channel: 'activity:feed', pos: 'p1', data: { event_id: 'e1', user_id: 1, username: 'u1', message: 'u1 completed a session', timestamp: '2026-02-20T18:30:01Z' } });
    view.destroy();
    doc.flushFrames();
    assert.equal(root.children.length, 0);
    assert.equal(view.list.children.length, 0, 'no render after destroy');
  });
});

describe('ToastView (structure)', () => {
  test('visible toasts are in a polite live region; dismiss and expiry remove them', () => {
    const doc = miniDocument();
    const root = doc.createElement('div');
    doc.body.append(root);
    const clock = new FakeClock();
    const queue = new ToastQueue({ maxVisible: 2, durationMs: 1000, setTimeout: clock.setTimeout, clearTimeout: clock.clearTimeout, now: clock.now });
    const shown = [];
    const view = new ToastView({ queue, root, doc, onShow: (t) => shown.push(t.id) });
    assert.equal(view.live.getAttribute('aria-live'), 'polite');
    for (const id of ['a', 'b', 'c']) queue.push({ id, kicker: 'Level up', title: 'T' + id, body: '', tone: 'level' });
    const titles = () => view.live.children.map((li) => li.querySelector('.toast-title').textContent);
    assert.deepEqual(titles(), ['Ta', 'Tb']);
    view.live.children[0].querySelector('.toast-close').listeners.click[0]();
    assert.deepEqual(titles(), ['Tb', 'Tc']);
    clock.advance(1000);
    assert.deepEqual(titles(), []);
    assert.deepEqual(shown, ['a', 'b', 'c']);
  });
});
