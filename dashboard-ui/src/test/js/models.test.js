import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { ProgressModel, progressFigures, niceCeiling, liveElapsedMs, isLive, sparklinePath } from '../../main/resources/static/js/progress-stream.js';
import { FeedModel, FeedStream, describeFeedItem, describePersonalItem } from '../../main/resources/static/js/activity-feed.js';
import { CompetitorsModel } from '../../main/resources/static/js/competitors.js';
import { formatMetric, formatElapsed, relativeTime, formatVelocity, initials } from '../../main/resources/static/js/format.js';
import { RealtimeClient } from '../../main/resources/static/js/realtime.js';
import { FakeClock, fakeWebSocketClass } from './fakes.js';

const progress = (event_id, session_id, elapsed_ms, extra = {}) => ({
  event_id, user_id: 123, username: 'speedster', session_id, app: 'typing', session_duration: Math.floor(elapsed_ms / 1000),
  elapsed_ms, timestamp: '2026-02-20T18:30:00Z', trend: {}, ...extra,
});

describe('ProgressModel', () => {
  test('tracks the latest session, ignores duplicates and stale updates', () => {
    let now = 1000;
    const m = new ProgressModel({ now: () => now });
    assert.equal(m.apply(progress('a', 's1', 10_000, { current_wpm: 80, current_accuracy: 95 })), true);
    assert.equal(m.apply(progress('a', 's1', 10_000, { current_wpm: 80 })), false, 'same event id');
    assert.equal(m.apply(progress('b', 's1', 20_000, { current_wpm: 90, current_accuracy: 96.5, trend: { wpm_change: 10, wpm_average: 85 } })), true);
    assert.equal(m.apply(progress('c', 's1', 15_000, { current_wpm: 70 })), false, 'older than the state');
    assert.equal(m.current.wpm, 90);
    assert.deepEqual(m.current.history.wpm, [80, 90]);
    now = 2000;
    m.apply(progress('d', 's2', 1000, { app: 'piano', current_score: 300 }));
    assert.equal(m.current.session_id, 's2');
    assert.equal(m.sessions.length, 2);
  });

  test('figures: values, bars, trend direction and averages', () => {
    const m = new ProgressModel({ now: () => 0 });
    m.apply(progress('a', 's', 60_000, { current_wpm: 125.5, current_accuracy: 96.2, trend: { wpm_change: 2.5, accuracy_change: -0.4, wpm_average: 121.04, accuracy_average: 96.5 } }));
    const [wpm, acc] = progressFigures(m.current);
    assert.equal(progressFigures(m.current).length, 2, 'only the metrics the app reports');
    assert.deepEqual(
      { key: wpm.key, display: wpm.display, max: wpm.max, change: wpm.changeDisplay, dir: wpm.direction, avg: wpm.averageDisplay },
      { key: 'wpm', display: '125.5', max: 150, change: '+2.5', dir: 'up', avg: 'avg 121' },
    );
    assert.equal(wpm.fraction, 125.5 / 150);
    assert.ok(Math.abs(acc.fraction - 0.962) < 1e-9);
    assert.equal(acc.direction, 'down');
    assert.equal(acc.changeDisplay, '−0.4');
  });

  test('nice ceilings and the live clock', () => {
    assert.equal(niceCeiling(87, 100), 100);
    assert.equal(niceCeiling(125.5, 100), 150);
    assert.equal(niceCeiling(2600, 100), 3000);
    assert.equal(niceCeiling(null, 100), 100);
    const s = { elapsed_ms: 30_000, receivedAt: 10_000, progress: 0.5 };
    assert.equal(liveElapsedMs(s, 12_500), 32_500);
    assert.equal(liveElapsedMs(s, 40_000), 30_000, 'stale: no longer ticking');
    assert.equal(liveElapsedMs({ ...s, progress: 1 }, 12_500), 30_000, 'finished');
    assert.equal(isLive(s, 12_500), true);
    assert.equal(isLive(s, 40_000), false);
    assert.equal(sparklinePath([1], 100, 20), '');
    assert.equal(sparklinePath([0, 10], 100, 20, 0), 'M0.0,20.0L100.0,0.0');
  });
});

describe('FeedModel', () => {
  const item = (id, ts, type = 'session.completed', extra = {}) => ({ type, channel: 'activity:feed', pos: 'p' + id, data: { event_id: 'e' + id, timestamp: ts, user_id: 1, username: 'ann', message: 'm' + id, ...extra } });
  const keys = (m) => m.items.map((i) => i.key);

  test('newest first, bounded, each item once', () => {
    const m = new FeedModel({ limit: 3 });
    const changes = [];
    m.on('change', (c) => changes.push([c.added.map((i) => i.key), c.removed.map((i) => i.key)]));
    for (let i = 1; i <= 4; i++) m.add(item(i, `2026-02-20T18:30:0${i}Z`));
    assert.equal(m.add(item(4, '2026-02-20T18:30:04Z')), false);
    assert.deepEqual(keys(m), ['e4', 'e3', 'e2']);
    assert.deepEqual(changes.at(-1), [['e4'], ['e1']]);
  });

  test('a snapshot merges by time with what is there and skips what is already known', () => {
    const m = new FeedModel({ limit: 4 });
    m.add(item(5, '2026-02-20T18:30:05Z'));
    m.addMany([item(1, '2026-02-20T18:30:01Z'), item(3, '2026-02-20T18:30:03Z'), item(5, '2026-02-20T18:30:05Z'), item(6, '2026-02-20T18:30:06Z')]);
    assert.deepEqual(keys(m), ['e6', 'e5', 'e3', 'e1']);
    m.addMany([item(0, '2026-02-20T18:29:00Z')]); // older than everything kept in a full list
    assert.deepEqual(keys(m), ['e6', 'e5', 'e3', 'e1']);
  });

  test('FeedStream takes the activity snapshot then live items; a replayed item shows once', () => {
    const clock = new FakeClock();
    const WS = fakeWebSocketClass();
    const client = new RealtimeClient({ url: 'ws://127.0.0.1:1/api/ws', WebSocket: WS, setTimeout: clock.setTimeout, clearTimeout: clock.clearTimeout, now: clock.now, random: () => 0.5 });
    const feed = new FeedStream(client, ['activity:feed']);
    client.connect();
    WS.last.serverOpen();
    WS.last.serverSend({ type: 'subscribed', channel: 'activity:feed', data: { pos: 'p2', snapshot: { items: [item(1, '2026-02-20T18:30:01Z'), item(2, '2026-02-20T18:30:02Z')] } } });
    WS.last.serverSend(item(3, '2026-02-20T18:30:03Z'));
    WS.last.serverClose(1012);
    clock.advance(1000);
    WS.last.serverOpen();
    assert.deepEqual(WS.last.sent, [{ type: 'subscribe', channel: 'activity:feed', since: 'p3' }]);
    WS.last.serverSend({ type: 'subscribed', channel: 'activity:feed', data: { recovered: true, pos: 'p3', snapshot: { items: [item(2, '2026-02-20T18:30:02Z'), item(3, '2026-02-20T18:30:03Z')] } } });
    WS.last.serverSend(item(4, '2026-02-20T18:30:04Z'));
    assert.deepEqual(keys(feed.model), ['e4', 'e3', 'e2', 'e1']);
  });

  test('descriptions', () => {
    assert.deepEqual(describeFeedItem(item(1, 'x', 'high.score', { app: 'typing', message: 'ann set a new high score: 125.5 wpm' })),
      { icon: '🏆', text: 'ann set a new high score: 125.5 wpm', meta: 'Typing', tone: 'high-score' });
    assert.equal(describeFeedItem({ type: 'leader.changed', data: { username: 'bob', category: 'overall' } }).text, 'bob took #1 in Overall');
    assert.equal(describeFeedItem({ type: 'achievement.unlocked', data: { icon: '🔥', message: 'x' } }).icon, '🔥');
    assert.deepEqual(describePersonalItem({ type: 'rank.changed', data: { category: 'typing_wpm', rank: 5, previous_rank: 7, rank_change: 2, metric_value: 145.5 } }),
      { icon: '📈', text: 'Typing: up 2 to #5', meta: '145.5 wpm', tone: 'rank-up' });
    assert.equal(describePersonalItem({ type: 'rank.changed', data: { category: 'overall', rank: 9, previous_rank: 8, rank_change: -1, metric_value: 1200 } }).text, 'Overall: down 1 to #9');
    assert.equal(describePersonalItem({ type: 'rank.changed', data: { category: 'overall', rank: 30, previous_rank: null, rank_change: 0, metric_value: 10 } }).text, 'Overall: entered at #30');
  });
});

describe('CompetitorsModel', () => {
  const upd = (event_id, timestamp, standings) => ({ event_id, match_id: 'm1', app: 'typing', metric: 'wpm', timestamp, standings });
  const st = (position, user_id, username, metric_value, finished = false) => ({ position, user_id, username, session_id: 's' + user_id, metric_value, elapsed_ms: 1000, finished });

  test('keeps the latest standings, bars relative to the leader', () => {
    const m = new CompetitorsModel();
    assert.equal(m.apply(upd('a', '2026-02-20T18:30:02Z', [st(2, 2, 'bob', 50), st(1, 1, 'ann', 100)])), true);
    assert.deepEqual(m.rows.map((r) => [r.position, r.username, r.fraction]), [[1, 'ann', 1], [2, 'bob', 0.5]]);
    assert.equal(m.apply(upd('a', '2026-02-20T18:30:02Z', [])), false, 'same event');
    assert.equal(m.apply(upd('z', '2026-02-20T18:30:01Z', [])), false, 'older');
    assert.equal(m.apply(upd('b', '2026-02-20T18:30:03Z', [st(1, 2, 'bob', 0), st(2, 1, 'ann', 0, true)])), true);
    assert.deepEqual(m.rows.map((r) => r.fraction), [0, 0]);
  });
});

describe('format', () => {
  test('metrics, times, names', () => {
    assert.equal(formatMetric('typing_wpm', 145.5), '145.5 wpm');
    assert.equal(formatMetric('math_accuracy', 98), '98%');
    assert.equal(formatMetric('piano_score', 8450.4), '8,450 pts');
    assert.equal(formatMetric('overall', null), '–');
    assert.equal(formatElapsed(65_000), '1:05');
    assert.equal(formatElapsed(3_725_000), '1:02:05');
    assert.equal(relativeTime('2026-02-20T18:30:00Z', Date.parse('2026-02-20T18:30:02Z')), 'just now');
    assert.equal(relativeTime('2026-02-20T18:30:00Z', Date.parse('2026-02-20T18:35:30Z')), '5m ago');
    assert.equal(formatVelocity(1.25), '↗ +1.3/session');
    assert.equal(formatVelocity(-2), '↘ −2/session');
    assert.equal(initials('ada lovelace'), 'AL');
    assert.equal(initials('speedster'), 'SP');
  });
});
