import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { ToastQueue, describeNotification, SoundPlayer } from '../../main/resources/static/js/notifications.js';
import { FakeClock } from './fakes.js';

function queue(options = {}) {
  const clock = new FakeClock();
  const q = new ToastQueue({ maxVisible: 2, durationMs: 1000, setTimeout: clock.setTimeout, clearTimeout: clock.clearTimeout, now: clock.now, ...options });
  const log = [];
  q.on('show', (t) => log.push('show ' + t.id));
  q.on('hide', (t) => log.push('hide ' + t.id));
  q.on('dropped', (t) => log.push('dropped ' + t.id));
  return { clock, q, log };
}
const toast = (id) => ({ id, title: 'T' + id });

describe('ToastQueue', () => {
  test('shows at most maxVisible; the rest wait their turn in order', () => {
    const { clock, q, log } = queue();
    assert.deepEqual(['a', 'b', 'c', 'd', 'e'].map((id) => q.push(toast(id))), ['shown', 'shown', 'queued', 'queued', 'queued']);
    assert.deepEqual(q.visible.map((t) => t.id), ['a', 'b']);
    assert.deepEqual(q.waiting.map((t) => t.id), ['c', 'd', 'e']);
    clock.advance(999);
    assert.deepEqual(log, ['show a', 'show b']);
    clock.advance(1);
    assert.deepEqual(log, ['show a', 'show b', 'hide a', 'show c', 'hide b', 'show d']);
    clock.advance(1000);
    clock.advance(1000);
    assert.deepEqual(log.slice(6), ['hide c', 'show e', 'hide d', 'hide e']);
    assert.equal(q.visible.length, 0);
  });

  test('never more than maxVisible at any moment', () => {
    const { clock, q } = queue({ maxVisible: 3 });
    let max = 0;
    q.on('show', () => { max = Math.max(max, q.visible.length); });
    for (let i = 0; i < 40; i++) {
      q.push(toast('t' + i));
      clock.advance(137);
    }
    clock.advance(60_000);
    assert.equal(max, 3);
    assert.equal(q.visible.length + q.waiting.length, 0);
  });

  test('the same notification (same id) shows once, e.g. when replayed after a reconnect', () => {
    const { clock, q, log } = queue();
    assert.equal(q.push(toast('x')), 'shown');
    clock.advance(5000);
    assert.equal(q.push(toast('x')), 'duplicate');
    assert.deepEqual(log, ['show x', 'hide x']);
  });

  test('dismissing a toast brings the next one at once', () => {
    const { q, log } = queue({ maxVisible: 1 });
    q.push(toast('a'));
    q.push(toast('b'));
    q.dismiss('a');
    assert.deepEqual(log, ['show a', 'hide a', 'show b']);
    q.push(toast('c'));
    q.dismiss('c'); // still waiting: just removed
    q.dismiss('nope');
    assert.deepEqual(q.waiting, []);
  });

  test('pause keeps toasts up while the user reads them; resume continues the remaining time', () => {
    const { clock, q, log } = queue({ maxVisible: 1 });
    q.push(toast('a'));
    clock.advance(600);
    q.pause();
    clock.advance(10_000);
    assert.deepEqual(log, ['show a']);
    q.push(toast('b'));
    q.resume();
    clock.advance(399);
    assert.deepEqual(log, ['show a']);
    clock.advance(1);
    assert.deepEqual(log, ['show a', 'hide a', 'show b']);
  });

  test('the waiting line is bounded: the oldest waiting toast is dropped', () => {
    const { q, log } = queue({ maxVisible: 1, maxQueued: 2 });
    for (const id of ['a', 'b', 'c', 'd']) q.push(toast(id));
    assert.deepEqual(q.waiting.map((t) => t.id), ['c', 'd']);
    assert.deepEqual(log, ['show a', 'dropped b']);
  });
});

describe('describeNotification', () => {
  test('achievement, streak, level-up and high score become toasts; other messages do not', () => {
    const ach = describeNotification({ type: 'achievement.unlocked', channel: 'user:123:achievements', pos: 'p', data: {
      event_id: 'e1', achievement: '7-day-streak', title: 'Week Warrior', description: 'Completed a 7-day practice streak', icon: '🔥', points: 50 } });
    assert.deepEqual(ach, { id: 'e1', kind: 'achievement.unlocked', tone: 'achievement', icon: '🔥', kicker: 'Achievement unlocked',
      title: 'Week Warrior', body: 'Completed a 7-day practice streak · +50 pts' });
    const streak = describeNotification({ type: 'streak.milestone', data: { event_id: 'e2', milestone: 30, streak_days: 30, streak_start: '2026-01-22' } });
    assert.equal(streak.title, '30-day streak!');
    assert.equal(streak.body, '30 days in a row since 2026-01-22');
    const level = describeNotification({ type: 'level.up', data: { event_id: 'e3', level: 5, previous_level: 4, total_points: 1250 } });
    assert.equal(level.title, 'Level 5');
    assert.equal(level.body, 'Up from level 4 · 1,250 points in total');
    const hs = describeNotification({ type: 'high.score', data: { event_id: 'e4', app: 'typing', category: 'typing_wpm', metric_value: 125.5, previous_best: 118.25 } });
    assert.equal(hs.title, '125.5 wpm in Typing');
    assert.equal(hs.body, 'Previous best 118.3 wpm');
    assert.equal(describeNotification({ type: 'rank.changed', data: { event_id: 'x' } }), null);
    assert.equal(describeNotification({ type: 'achievement.unlocked' }), null);
  });

  test('without an event id the position identifies the toast', () => {
    assert.equal(describeNotification({ type: 'level.up', pos: 'p7', data: { level: 2, previous_level: 1 } }).id, 'p7');
  });
});

describe('SoundPlayer', () => {
  class FakeAudioContext {
    static made = 0;
    constructor() {
      FakeAudioContext.made++;
      this.currentTime = 0;
      this.destination = {};
      this.oscillators = [];
      this.state = 'running';
    }
    createOscillator() {
      const o = { frequency: { setValueAtTime() {} }, connect: (g) => g, start() {}, stop() {} };
      this.oscillators.push(o);
      return o;
    }
    createGain() {
      return { gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} }, connect: () => {} };
    }
  }

  test('off by default: no audio context, nothing played', () => {
    FakeAudioContext.made = 0;
    const p = new SoundPlayer({ AudioContext: FakeAudioContext });
    assert.equal(p.enabled, false);
    assert.equal(p.play('level'), false);
    assert.equal(FakeAudioContext.made, 0);
  });

  test('on: one context, a note per tone step', () => {
    FakeAudioContext.made = 0;
    const p = new SoundPlayer({ AudioContext: FakeAudioContext });
    assert.equal(p.setEnabled(true), true);
    assert.equal(p.play('level'), true);
    assert.equal(p.play('highscore'), true);
    p.setEnabled(false);
    assert.equal(p.play('level'), false);
    p.setEnabled(true);
    assert.equal(FakeAudioContext.made, 1);
  });

  test('unsupported browsers stay silent', () => {
    const p = new SoundPlayer({ AudioContext: undefined });
    assert.equal(p.setEnabled(true), false);
  });
});
