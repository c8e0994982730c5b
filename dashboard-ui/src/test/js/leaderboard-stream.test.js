import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { LeaderboardModel, LeaderboardStream } from '../../main/resources/static/js/leaderboard-stream.js';
import { RealtimeClient } from '../../main/resources/static/js/realtime.js';
import { FakeClock, fakeWebSocketClass } from './fakes.js';

const e = (rank, user_id, username, metric_value) => ({ rank, user_id, username, metric_value });
const snap = (seq, entries, total_ranked = entries.length) => ({ category: 'typing_wpm', seq, total_ranked, entries, timestamp: '2026-02-20T18:30:00Z' });
let ids = 0;
const upd = (seq, rank, user_id, username, metric_value, previous_rank, extra = {}) => ({
  event_id: `ev-${++ids}`, category: 'typing_wpm', seq, rank, user_id, username, metric_value,
  previous_rank, rank_change: previous_rank == null ? 0 : previous_rank - rank, velocity: 0, ...extra,
});
const board = (model) => model.entries.map((x) => `${x.rank}:${x.username}`);

describe('LeaderboardModel', () => {
  test('snapshot, then a group of updates sharing one seq', () => {
    const m = new LeaderboardModel({ category: 'typing_wpm' });
    m.applySnapshot(snap(10, [e(1, 1, 'ann', 100), e(2, 2, 'bob', 90), e(3, 3, 'cy', 80)]));
    assert.deepEqual(board(m), ['1:ann', '2:bob', '3:cy']);
    // dee enters at #2 with 95 wpm: bob and cy each move down one. Three updates, one seq.
    assert.equal(m.applyUpdate(upd(11, 2, 4, 'dee', 95, null)), 'applied');
    assert.equal(m.applyUpdate(upd(11, 3, 2, 'bob', 90, 2)), 'applied');
    assert.equal(m.applyUpdate(upd(11, 4, 3, 'cy', 80, 3)), 'applied');
    assert.deepEqual(board(m), ['1:ann', '2:dee', '3:bob', '4:cy']);
    assert.equal(m.seq, 11);
    assert.equal(m.totalRanked, 4, 'a user entering the ranking adds one');
    assert.equal(m.entry(3).rank_change, -1);
    assert.equal(m.entry(4).previous_rank, null);
  });

  test('never applies an update twice or out of order', () => {
    const m = new LeaderboardModel();
    m.applySnapshot(snap(10, [e(1, 1, 'ann', 100), e(2, 2, 'bob', 90)]));
    const bobUp = upd(11, 1, 2, 'bob', 105, 2);
    const annDown = upd(11, 2, 1, 'ann', 100, 1);
    assert.equal(m.applyUpdate(bobUp), 'applied');
    assert.equal(m.applyUpdate(bobUp), 'duplicate');
    assert.equal(m.applyUpdate(annDown), 'applied');
    assert.equal(m.applyUpdate(annDown), 'duplicate');
    assert.equal(m.applyUpdate(upd(10, 1, 1, 'ann', 100, 2)), 'stale', 'seq already in the snapshot');
    assert.equal(m.applyUpdate(upd(9, 5, 1, 'ann', 1, 1)), 'stale');
    assert.deepEqual(board(m), ['1:bob', '2:ann']);
    assert.equal(m.entry(2).metric_value, 105);
  });

  test('updates of the snapshot seq itself are already in it', () => {
    const m = new LeaderboardModel();
    m.applySnapshot(snap(11, [e(1, 2, 'bob', 105), e(2, 1, 'ann', 100)]));
    assert.equal(m.applyUpdate(upd(11, 1, 2, 'bob', 105, 2)), 'stale');
    assert.equal(m.applyUpdate(upd(11, 2, 1, 'ann', 100, 1)), 'stale');
    const changes = [];
    m.on('change', (c) => changes.push(c));
    assert.equal(m.applyUpdate(upd(12, 1, 1, 'ann', 110, 2)), 'applied');
    assert.equal(changes.length, 1);
  });

  test('a seq jump is a gap: stop, buffer, resume in order after a fresh snapshot', () => {
    const m = new LeaderboardModel();
    const gaps = [];
    m.on('gap', (g) => gaps.push(g));
    m.applySnapshot(snap(20, [e(1, 1, 'ann', 100), e(2, 2, 'bob', 90), e(3, 3, 'cy', 80)]));
    // seq 21 is lost; 22 arrives: cy overtakes bob.
    assert.equal(m.applyUpdate(upd(22, 2, 3, 'cy', 95, 3)), 'gap');
    assert.deepEqual(gaps, [{ expected: 21, got: 22 }]);
    assert.equal(m.ready, false);
    assert.equal(m.applyUpdate(upd(22, 3, 2, 'bob', 90, 2)), 'buffered');
    assert.equal(m.applyUpdate(upd(23, 1, 3, 'cy', 120, 2)), 'buffered');
    assert.equal(m.applyUpdate(upd(23, 2, 1, 'ann', 100, 1)), 'buffered');
    assert.deepEqual(board(m), ['1:ann', '2:bob', '3:cy'], 'nothing applied while waiting');
    // Fresh snapshot at 21 (what the lost update did: bob reached 92).
    assert.equal(m.applySnapshot(snap(21, [e(1, 1, 'ann', 100), e(2, 2, 'bob', 92), e(3, 3, 'cy', 80)])), true);
    assert.equal(m.ready, true);
    assert.equal(m.seq, 23);
    assert.deepEqual(board(m), ['1:cy', '2:ann', '3:bob']);
    assert.equal(m.entry(3).metric_value, 120);
    assert.equal(m.buffered, 0);
  });

  test('a snapshot newer than the buffered updates drops the ones it covers', () => {
    const m = new LeaderboardModel();
    m.applySnapshot(snap(1, [e(1, 1, 'ann', 10)]));
    m.applyUpdate(upd(3, 1, 2, 'bob', 20, null)); // gap
    m.applyUpdate(upd(3, 2, 1, 'ann', 10, 1));
    m.applyUpdate(upd(4, 1, 1, 'ann', 30, 2));
    m.applyUpdate(upd(4, 2, 2, 'bob', 20, 1));
    m.applyUpdate(upd(5, 3, 3, 'cy', 5, null));
    m.applySnapshot(snap(4, [e(1, 1, 'ann', 30), e(2, 2, 'bob', 20)]));
    assert.deepEqual(board(m), ['1:ann', '2:bob', '3:cy']);
    assert.equal(m.seq, 5);
  });

  test('a gap found while draining the buffer waits for yet another snapshot, keeping order', () => {
    const m = new LeaderboardModel();
    const gaps = [];
    m.on('gap', (g) => gaps.push(g));
    m.applyUpdate(upd(5, 1, 1, 'ann', 50, null)); // before any snapshot: buffered
    m.applyUpdate(upd(7, 1, 2, 'bob', 70, null));
    m.applyUpdate(upd(7, 2, 1, 'ann', 50, 1));
    m.applyUpdate(upd(7, 3, 3, 'cy', 40, 2));
    m.applySnapshot(snap(4, []));
    assert.deepEqual(board(m), ['1:ann']);
    assert.deepEqual(gaps, [{ expected: 6, got: 7 }]);
    assert.equal(m.buffered, 3);
    m.applySnapshot(snap(6, [e(1, 1, 'ann', 50), e(2, 3, 'cy', 40)]));
    assert.deepEqual(board(m), ['1:bob', '2:ann', '3:cy']);
    assert.equal(m.seq, 7);
    assert.equal(m.buffered, 0);
  });

  test('entries pushed past the board size leave it; the size is learned from a full snapshot', () => {
    const m = new LeaderboardModel({ size: 100 });
    m.applySnapshot(snap(1, [e(1, 1, 'ann', 10), e(2, 2, 'bob', 9), e(3, 3, 'cy', 8)], 57));
    assert.equal(m.size, 3);
    m.applyUpdate(upd(2, 1, 9, 'zed', 11, 12)); // zed climbs from #12
    m.applyUpdate(upd(2, 2, 1, 'ann', 10, 1));
    m.applyUpdate(upd(2, 3, 2, 'bob', 9, 2));
    m.applyUpdate(upd(2, 4, 3, 'cy', 8, 3)); // cy drops to #4: beyond the board
    assert.deepEqual(board(m), ['1:zed', '2:ann', '3:bob']);
    assert.equal(m.entry(3), null);
    // A move wholly outside the board does not add the user.
    m.applyUpdate(upd(3, 40, 77, 'far', 1, 41));
    assert.equal(m.entry(77), null);
    assert.equal(m.totalRanked, 57);
  });

  test('a snapshot older than the board held is ignored; snapshots without a seq are refused', () => {
    const m = new LeaderboardModel();
    m.applySnapshot(snap(5, [e(1, 1, 'ann', 10)]));
    m.applyUpdate(upd(6, 1, 2, 'bob', 20, null));
    m.applyUpdate(upd(6, 2, 1, 'ann', 10, 1));
    assert.equal(m.applySnapshot(snap(5, [e(1, 1, 'ann', 10)])), false);
    assert.equal(m.applySnapshot(snap(6, [e(1, 1, 'ann', 10)])), false);
    assert.equal(m.applySnapshot({ entries: [] }), false);
    assert.deepEqual(board(m), ['1:bob', '2:ann']);
    assert.equal(m.seq, 6);
  });
});

describe('LeaderboardStream over a RealtimeClient', () => {
  function setup() {
    const clock = new FakeClock();
    const WS = fakeWebSocketClass();
    const client = new RealtimeClient({
      url: 'ws://127.0.0.1:1/api/ws', WebSocket: WS, setTimeout: clock.setTimeout, clearTimeout: clock.clearTimeout,
      now: clock.now, random: () => 0.5,
    });
    const stream = new LeaderboardStream(client, 'typing_wpm', { setTimeout: clock.setTimeout, clearTimeout: clock.clearTimeout });
    client.connect();
    WS.last.serverOpen();
    return { clock, WS, client, stream };
  }
  const CH = 'leaderboard:typing_wpm';
  const msg = (pos, data) => ({ type: 'leaderboard.update', channel: CH, pos, data });

  test('a gap asks the server for a fresh snapshot and the board ends right, each seq applied once', () => {
    const { WS, stream } = setup();
    assert.deepEqual(WS.last.sent, [{ type: 'subscribe', channel: CH }]);
    const changes = [];
    stream.model.on('change', (c) => changes.push(c.kind + (c.seq ?? '')));
    WS.last.serverSend({ type: 'subscribed', channel: CH, data: { recovered: null, pos: 'p0', snapshot: snap(1, [e(1, 1, 'ann', 50), e(2, 2, 'bob', 40)]) } });
    WS.last.serverSend(msg('p1', upd(2, 1, 2, 'bob', 60, 2)));
    WS.last.serverSend(msg('p2', upd(2, 2, 1, 'ann', 50, 1)));
    WS.last.serverSend(msg('p2', upd(2, 2, 1, 'ann', 50, 1))); // duplicate position: dropped by the client
    WS.last.serverSend(msg('p4', upd(4, 1, 1, 'ann', 70, 2))); // seq 3 never came
    assert.deepEqual(WS.last.sent.slice(1), [{ type: 'unsubscribe', channel: CH }, { type: 'subscribe', channel: CH }]);
    assert.equal(stream.resnapshots, 1);
    WS.last.serverSend({ type: 'unsubscribed', channel: CH });
    WS.last.serverSend({ type: 'subscribed', channel: CH, data: { recovered: null, pos: 'p5', snapshot: snap(4, [e(1, 1, 'ann', 70), e(2, 2, 'bob', 60), e(3, 3, 'cy', 10)]) } });
    WS.last.serverSend(msg('p6', upd(5, 2, 3, 'cy', 65, 3)));
    WS.last.serverSend(msg('p7', upd(5, 3, 2, 'bob', 60, 2)));
    assert.deepEqual(board(stream.model), ['1:ann', '2:cy', '3:bob']);
    assert.deepEqual(changes, ['snapshot1', 'update2', 'update2', 'snapshot4', 'update5', 'update5']);
  });

  test('a board with no snapshot yet starts empty at seq 0 and is built by the updates that follow', () => {
    const { WS, stream } = setup();
    WS.last.serverSend({ type: 'subscribed', channel: CH, data: { recovered: null, pos: null, snapshot: null } });
    assert.equal(stream.model.ready, true);
    WS.last.serverSend(msg('p1', upd(1, 1, 1, 'ann', 50, null)));
    WS.last.serverSend(msg('p2', upd(2, 1, 2, 'bob', 60, null)));
    WS.last.serverSend(msg('p3', upd(2, 2, 1, 'ann', 50, 1)));
    assert.deepEqual(board(stream.model), ['1:bob', '2:ann']);
    assert.equal(stream.resnapshots, 0);
  });

  test('after a reconnect the replayed updates continue the board (recovered: true, no snapshot)', () => {
    const { clock, WS, stream } = setup();
    WS.last.serverSend({ type: 'subscribed', channel: CH, data: { pos: 'p0', snapshot: snap(1, [e(1, 1, 'ann', 50)]) } });
    WS.last.serverSend(msg('p1', upd(2, 1, 2, 'bob', 60, null)));
    WS.last.serverSend(msg('p1b', upd(2, 2, 1, 'ann', 50, 1)));
    WS.last.serverClose(1012);
    clock.advance(1000);
    WS.last.serverOpen();
    assert.deepEqual(WS.last.sent, [{ type: 'subscribe', channel: CH, since: 'p1b' }]);
    WS.last.serverSend({ type: 'subscribed', channel: CH, data: { recovered: true, pos: 'p1b', snapshot: null } });
    WS.last.serverSend(msg('p2', upd(3, 1, 1, 'ann', 80, 2)));
    WS.last.serverSend(msg('p3', upd(3, 2, 2, 'bob', 60, 1)));
    assert.deepEqual(board(stream.model), ['1:ann', '2:bob']);
    assert.equal(stream.resnapshots, 0);
  });

  test('a fresh snapshot is taken even when its seq is lower than the board held (server history reset)', () => {
    const { clock, WS, stream } = setup();
    WS.last.serverSend({ type: 'subscribed', channel: CH, data: { pos: 'p0', snapshot: snap(40, [e(1, 1, 'ann', 50)]) } });
    WS.last.serverClose(1012);
    clock.advance(1000);
    WS.last.serverOpen();
    WS.last.serverSend({ type: 'subscribed', channel: CH, data: { recovered: false, pos: 'q1', snapshot: snap(2, [e(1, 2, 'bob', 90)]) } });
    WS.last.serverSend(msg('q2', upd(3, 2, 1, 'ann', 50, null)));
    assert.deepEqual(board(stream.model), ['1:bob', '2:ann']);
    assert.equal(stream.model.seq, 3);
  });

  test('a snapshot sent with a resumed subscription does not move the board back', () => {
    const { clock, WS, stream } = setup();
    WS.last.serverSend({ type: 'subscribed', channel: CH, data: { pos: 'p0', snapshot: snap(1, [e(1, 1, 'ann', 50)]) } });
    WS.last.serverSend(msg('p1', upd(2, 1, 2, 'bob', 60, null)));
    WS.last.serverSend(msg('p2', upd(2, 2, 1, 'ann', 50, 1)));
    WS.last.serverClose(4000);
    clock.advance(1000);
    WS.last.serverOpen();
    WS.last.serverSend({ type: 'subscribed', channel: CH, data: { recovered: true, pos: 'p2', snapshot: snap(1, [e(1, 1, 'ann', 50)]) } });
    assert.deepEqual(board(stream.model), ['1:bob', '2:ann']);
    assert.equal(stream.model.seq, 2);
  });

  test('history lost (recovered: false) takes the fresh snapshot', () => {
    const { clock, WS, stream } = setup();
    WS.last.serverSend({ type: 'subscribed', channel: CH, data: { pos: 'p0', snapshot: snap(1, [e(1, 1, 'ann', 50)]) } });
    WS.last.serverClose(1011);
    clock.advance(10_000);
    WS.last.serverOpen();
    WS.last.serverSend({ type: 'subscribed', channel: CH, data: { recovered: false, pos: 'p9', snapshot: snap(9, [e(1, 2, 'bob', 90), e(2, 1, 'ann', 50)]) } });
    assert.deepEqual(board(stream.model), ['1:bob', '2:ann']);
    assert.equal(stream.model.seq, 9);
  });

  test('a board nobody is ranked on yet (no snapshot) starts empty and shows its first updates', () => {
    const { WS, stream } = setup();
    WS.last.serverSend({ type: 'subscribed', channel: CH, data: { recovered: null, pos: 'p0', snapshot: null } });
    assert.equal(stream.model.ready, true, 'an empty board, not "waiting" forever');
    assert.deepEqual(board(stream.model), []);
    WS.last.serverSend(msg('p1', upd(1, 1, 1, 'ann', 50, null)));
    WS.last.serverSend(msg('p2', upd(2, 1, 2, 'bob', 60, null)));
    WS.last.serverSend(msg('p3', upd(2, 2, 1, 'ann', 50, 1)));
    assert.deepEqual(board(stream.model), ['1:bob', '2:ann']);
    assert.equal(stream.model.totalRanked, 2);
    assert.equal(stream.resnapshots, 0);
    assert.deepEqual(WS.last.sent, [{ type: 'subscribe', channel: CH }], 'nothing asked again');
  });

  test('no snapshot but updates already past seq 1: the board is asked for again, with a growing delay', () => {
    const { clock, WS, stream } = setup();
    WS.last.serverSend({ type: 'subscribed', channel: CH, data: { recovered: null, pos: 'p0', snapshot: null } });
    // The server had not read its snapshot yet: cy's entry at #1 (seq 7) moves ann and bob down.
    WS.last.serverSend(msg('p7', upd(7, 1, 3, 'cy', 70, null)));
    WS.last.serverSend(msg('p8', upd(7, 2, 1, 'ann', 50, 1)));
    WS.last.serverSend(msg('p9', upd(7, 3, 2, 'bob', 40, 2)));
    assert.equal(stream.resnapshots, 1);
    assert.equal(WS.last.sent.length, 1, 'not asked again at once');
    clock.advance(250);
    assert.deepEqual(WS.last.sent.slice(1), [{ type: 'unsubscribe', channel: CH }, { type: 'subscribe', channel: CH }]);
    // Still no snapshot: the buffered update shows the gap again; the next ask waits twice as long.
    WS.last.serverSend({ type: 'subscribed', channel: CH, data: { recovered: null, pos: 'p7', snapshot: null } });
    assert.equal(WS.last.sent.length, 3);
    clock.advance(499);
    assert.equal(WS.last.sent.length, 3);
    clock.advance(1);
    assert.equal(WS.last.sent.length, 5);
    WS.last.serverSend({ type: 'subscribed', channel: CH, data: { recovered: null, pos: 'p7', snapshot: snap(6, [e(1, 1, 'ann', 50), e(2, 2, 'bob', 40)]) } });
    assert.deepEqual(board(stream.model), ['1:cy', '2:ann', '3:bob'], 'the buffered update applies after the snapshot');
    assert.equal(stream.model.seq, 7);
  });

  test('closing the stream cancels a pending ask', () => {
    const { clock, WS, stream } = setup();
    WS.last.serverSend({ type: 'subscribed', channel: CH, data: { recovered: null, pos: 'p0', snapshot: null } });
    WS.last.serverSend(msg('p7', upd(7, 1, 3, 'cy', 70, null)));
    stream.close();
    const sent = WS.last.sent.length;
    clock.advance(10_000);
    assert.equal(WS.last.sent.length, sent);
    assert.deepEqual(clock.pending().filter((d) => d <= 250), []);
  });
});
