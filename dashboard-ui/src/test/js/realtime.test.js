import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  RealtimeClient, State, backoffDelay, closeAction, CloseAction, decodeToken, tokenExpired, probeTokenRejected,
} from '../../main/resources/static/js/realtime.js';
import { FakeClock, fakeWebSocketClass, sequenceRandom } from './fakes.js';

function setup(options = {}) {
  const clock = new FakeClock();
  const WS = fakeWebSocketClass();
  const client = new RealtimeClient({
    url: 'ws://127.0.0.1:1/api/ws',
    WebSocket: WS,
    setTimeout: clock.setTimeout,
    clearTimeout: clock.clearTimeout,
    now: clock.now,
    random: () => 0.5,
    baseDelayMs: 100,
    maxDelayMs: 1000,
    probeAuth: null,
    ...options,
  });
  const states = [];
  client.on('state', (e) => states.push(e));
  return { clock, WS, client, states };
}

function tokenWith(claims) {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}.sig`;
}

describe('backoff', () => {
  test('full jitter stays within [0, min(cap, base * 2^attempt))', () => {
    const opts = { baseMs: 250, capMs: 8000 };
    for (let attempt = 0; attempt < 12; attempt++) {
      const ceiling = Math.min(8000, 250 * 2 ** attempt);
      for (let i = 0; i < 500; i++) {
        const d = backoffDelay(attempt, opts);
        assert.ok(d >= 0 && d < ceiling, `attempt ${attempt}: ${d} not in [0, ${ceiling})`);
      }
      assert.equal(backoffDelay(attempt, opts, () => 0), 0);
      assert.equal(backoffDelay(attempt, opts, () => 0.999999), Math.floor(0.999999 * ceiling));
    }
  });

  test('jitter is spread over the whole window, not clustered at the top', () => {
    const opts = { baseMs: 1000, capMs: 1000 };
    const samples = Array.from({ length: 2000 }, () => backoffDelay(5, opts));
    assert.ok(samples.some((d) => d < 250), 'some delays in the lowest quarter');
    assert.ok(samples.some((d) => d >= 750), 'some delays in the highest quarter');
  });

  test('schedule doubles from base up to the cap while connections keep failing', () => {
    const { clock, WS, client, states } = setup({ random: () => 0.5 });
    client.connect();
    const delays = [];
    for (let i = 0; i < 7; i++) {
      WS.last.fail();
      const s = states.at(-1);
      assert.equal(s.state, State.RECONNECTING);
      delays.push(s.delayMs);
      const sockets = WS.sockets.length;
      clock.advance(s.delayMs - 1);
      assert.equal(WS.sockets.length, sockets, 'no retry before the delay');
      clock.advance(1);
      assert.equal(WS.sockets.length, sockets + 1, 'retry once the delay passed');
    }
    // ceiling = min(1000, 100 * 2^n); delay = floor(0.5 * ceiling)
    assert.deepEqual(delays, [50, 100, 200, 400, 500, 500, 500]);
    assert.deepEqual(states.slice(1).map((s) => s.attempt), [1, 2, 3, 4, 5, 6, 7]);
  });

  test('gives up after maxAttempts consecutive failures', () => {
    const { clock, WS, client, states } = setup({ maxAttempts: 3 });
    client.connect();
    for (let i = 0; i < 3; i++) {
      WS.last.fail();
      clock.advance(10_000);
    }
    assert.equal(WS.sockets.length, 4);
    WS.last.fail();
    assert.equal(client.state, State.CLOSED);
    assert.match(states.at(-1).reason, /gave up after 3 attempts/);
    clock.advance(100_000);
    assert.equal(WS.sockets.length, 4, 'no more attempts');
  });

  test('a connection that opens and is closed at once (node at its limit) does not reset the backoff', () => {
    const { clock, WS, client, states } = setup({ stableAfterMs: 5000 });
    client.connect();
    const delays = [];
    for (let i = 0; i < 4; i++) {
      WS.last.serverOpen();
      WS.last.serverClose(1013, 'try again later');
      delays.push(states.at(-1).delayMs);
      clock.advance(states.at(-1).delayMs);
    }
    assert.deepEqual(delays, [50, 100, 200, 400]);
    // A connection that stays up resets it.
    WS.last.serverOpen();
    clock.advance(5000);
    WS.last.serverClose(1011);
    assert.equal(states.at(-1).delayMs, 50);
  });
});

describe('close codes', () => {
  test('classification follows the protocol', () => {
    assert.equal(closeAction(1012), CloseAction.RESUME);
    assert.equal(closeAction(4000), CloseAction.RESUME);
    for (const code of [1011, 1013, 4002, 1006, 1000, 1001, 1009]) assert.equal(closeAction(code), CloseAction.BACKOFF);
    assert.equal(closeAction(4001), CloseAction.AUTH);
    assert.equal(closeAction(1008), CloseAction.POLICY);
  });

  for (const code of [1012, 4000]) {
    test(`${code} reconnects promptly with small jitter even after backoff grew`, () => {
      const { clock, WS, client, states } = setup({ random: () => 0.99, resumeDelayMs: 250, baseDelayMs: 1000, maxDelayMs: 60_000 });
      client.connect();
      WS.last.fail();
      clock.advance(states.at(-1).delayMs);
      WS.last.fail();
      clock.advance(states.at(-1).delayMs);
      assert.equal(states.at(-1).attempt, 2);
      WS.last.serverOpen();
      WS.last.serverClose(code);
      assert.equal(states.at(-1).state, State.RECONNECTING);
      assert.equal(states.at(-1).delayMs, 247);
      const n = WS.sockets.length;
      clock.advance(247);
      assert.equal(WS.sockets.length, n + 1);
    });
  }

  for (const code of [1011, 1013, 4002]) {
    test(`${code} backs off`, () => {
      const { clock, WS, client, states } = setup({ random: () => 0.5 });
      client.connect();
      WS.last.fail();
      clock.advance(states.at(-1).delayMs);
      WS.last.serverOpen();
      WS.last.serverClose(code);
      assert.equal(states.at(-1).delayMs, 100, 'second step of the schedule, not a prompt retry');
      assert.equal(states.at(-1).code, code);
    });
  }

  for (const [code, event] of [[4001, 'auth'], [1008, 'policy']]) {
    test(`${code} stops and emits '${event}'`, () => {
      const { clock, WS, client, states } = setup();
      const seen = [];
      client.on(event, (e) => seen.push(e));
      client.connect();
      WS.last.serverOpen();
      WS.last.serverClose(code, 'nope');
      assert.deepEqual(seen, [{ code, reason: 'nope' }]);
      assert.equal(client.state, State.CLOSED);
      assert.equal(states.at(-1).state, State.CLOSED);
      clock.advance(10 * 60_000);
      assert.equal(WS.sockets.length, 1, 'never retried');
      // A new token lets the app start again.
      client.setToken('t2');
      client.connect();
      assert.equal(WS.sockets.length, 2);
    });
  }

  test('state events: connecting, open, reconnecting, open, closed', () => {
    const { clock, WS, client, states } = setup();
    client.connect();
    WS.last.serverOpen();
    WS.last.serverClose(1011);
    clock.advance(10_000);
    WS.last.serverOpen();
    client.close();
    assert.deepEqual(states.map((s) => s.state), ['connecting', 'open', 'reconnecting', 'open', 'closed']);
    assert.deepEqual(WS.sockets[1].closedByClient, { code: 1000, reason: 'client closed' });
    clock.advance(100_000);
    assert.equal(WS.sockets.length, 2);
  });
});

describe('subscriptions and positions', () => {
  test('resubscribes after a reconnect with the last position of each channel', () => {
    const { clock, WS, client } = setup();
    const got = [];
    client.subscribe('leaderboard:typing_wpm', (m) => got.push(m));
    client.subscribe('activity:feed', () => {});
    client.connect();
    WS.last.serverOpen();
    assert.deepEqual(WS.last.sent, [
      { type: 'subscribe', channel: 'leaderboard:typing_wpm' },
      { type: 'subscribe', channel: 'activity:feed' },
    ]);
    WS.last.serverSend({ type: 'subscribed', channel: 'leaderboard:typing_wpm', data: { recovered: null, pos: 'p0', snapshot: { seq: 1, entries: [] } } });
    WS.last.serverSend({ type: 'subscribed', channel: 'activity:feed', data: { recovered: null, pos: 'f9', snapshot: { items: [] } } });
    WS.last.serverSend({ type: 'leaderboard.update', channel: 'leaderboard:typing_wpm', pos: 'p1', data: { seq: 2 } });
    WS.last.serverSend({ type: 'leaderboard.update', channel: 'leaderboard:typing_wpm', pos: 'p2', data: { seq: 3 } });
    assert.equal(client.position('leaderboard:typing_wpm'), 'p2');
    WS.last.serverClose(1012);
    client.subscribe('user:7:progress', () => {}); // added while offline
    clock.advance(1000);
    WS.last.serverOpen();
    assert.deepEqual(WS.last.sent, [
      { type: 'subscribe', channel: 'leaderboard:typing_wpm', since: 'p2' },
      { type: 'subscribe', channel: 'activity:feed', since: 'f9' },
      { type: 'subscribe', channel: 'user:7:progress' },
    ]);
    assert.deepEqual(got.map((m) => m.type), ['subscribed', 'leaderboard.update', 'leaderboard.update']);
  });

  test('a channel that had no position yet resumes by time (server clock, one second of margin)', () => {
    const { clock, WS, client } = setup();
    client.subscribe('user:7:achievements', () => {});
    client.connect();
    WS.last.serverOpen({ connection_id: 'c-1', heartbeat_ms: 0, server_time: '2026-02-20T18:30:00Z' });
    clock.advance(5000);
    WS.last.serverSend({ type: 'subscribed', channel: 'user:7:achievements', data: { recovered: null, pos: null, snapshot: null } });
    WS.last.serverClose(1012);
    clock.advance(1000);
    WS.last.serverOpen();
    assert.deepEqual(WS.last.sent, [{ type: 'subscribe', channel: 'user:7:achievements', since: '2026-02-20T18:30:04.000Z' }]);
    // Once a message brings a position, that is the resume point.
    WS.last.serverSend({ type: 'subscribed', channel: 'user:7:achievements', data: { recovered: true, pos: null } });
    WS.last.serverSend({ type: 'level.up', channel: 'user:7:achievements', pos: 'L1', data: {} });
    WS.last.serverClose(1012);
    clock.advance(1000);
    WS.last.serverOpen();
    assert.deepEqual(WS.last.sent, [{ type: 'subscribe', channel: 'user:7:achievements', since: 'L1' }]);
  });

  test('a `since` given by the app is used until a position is known', () => {
    const { clock, WS, client } = setup();
    client.subscribe('activity:feed', () => {}, { since: '2026-02-20T18:00:00Z' });
    client.connect();
    WS.last.serverOpen();
    assert.deepEqual(WS.last.sent[0], { type: 'subscribe', channel: 'activity:feed', since: '2026-02-20T18:00:00Z' });
    WS.last.fail();
    clock.advance(1000);
    WS.last.serverOpen();
    assert.deepEqual(WS.last.sent[0], { type: 'subscribe', channel: 'activity:feed', since: '2026-02-20T18:00:00Z' });
    WS.last.serverSend({ type: 'achievement.unlocked', channel: 'activity:feed', pos: 'a1', data: {} });
    WS.last.fail();
    clock.advance(1000);
    WS.last.serverOpen();
    assert.deepEqual(WS.last.sent[0], { type: 'subscribe', channel: 'activity:feed', since: 'a1' });
  });

  test('drops a message whose position was already delivered', () => {
    const { WS, client } = setup();
    const got = [];
    const dups = [];
    client.on('duplicate', (m) => dups.push(m.pos));
    client.subscribe('user:7:achievements', (m) => got.push(m.pos));
    client.connect();
    WS.last.serverOpen();
    for (const pos of ['a', 'b', 'a', 'c', 'b', 'c', 'd']) {
      WS.last.serverSend({ type: 'achievement.unlocked', channel: 'user:7:achievements', pos, data: {} });
    }
    assert.deepEqual(got, ['a', 'b', 'c', 'd']);
    assert.deepEqual(dups, ['a', 'b', 'c']);
  });

  test('duplicates across a reconnect (overlapping replay) are dropped', () => {
    const { clock, WS, client } = setup();
    const got = [];
    client.subscribe('activity:feed', (m) => m.pos && got.push(m.pos));
    client.connect();
    WS.last.serverOpen();
    WS.last.serverSend({ type: 'subscribed', channel: 'activity:feed', data: { pos: 'x0', snapshot: { items: [
      { type: 'high.score', channel: 'activity:feed', pos: 's1', data: {} },
    ] } } });
    WS.last.serverSend({ type: 'high.score', channel: 'activity:feed', pos: 's1', data: {} }); // already in the snapshot
    WS.last.serverSend({ type: 'high.score', channel: 'activity:feed', pos: 'x1', data: {} });
    WS.last.serverSend({ type: 'high.score', channel: 'activity:feed', pos: 'x2', data: {} });
    WS.last.serverClose(4000);
    clock.advance(1000);
    WS.last.serverOpen();
    for (const pos of ['x1', 'x2', 'x3']) WS.last.serverSend({ type: 'high.score', channel: 'activity:feed', pos, data: {} });
    assert.deepEqual(got, ['x1', 'x2', 'x3']);
  });

  test('unsubscribe: last handler sends unsubscribe; no resubscribe later; late messages dropped', () => {
    const { clock, WS, client } = setup();
    const a = [];
    const b = [];
    const offA = client.subscribe('leaderboard:overall', (m) => a.push(m.pos));
    const offB = client.subscribe('leaderboard:overall', (m) => b.push(m.pos));
    client.connect();
    WS.last.serverOpen();
    assert.equal(WS.last.sent.length, 1, 'one subscribe for two handlers');
    WS.last.serverSend({ type: 'leaderboard.update', channel: 'leaderboard:overall', pos: '1', data: {} });
    offA();
    offA(); // idempotent
    assert.equal(WS.last.sent.length, 1);
    WS.last.serverSend({ type: 'leaderboard.update', channel: 'leaderboard:overall', pos: '2', data: {} });
    offB();
    assert.deepEqual(WS.last.sent.at(-1), { type: 'unsubscribe', channel: 'leaderboard:overall' });
    WS.last.serverSend({ type: 'leaderboard.update', channel: 'leaderboard:overall', pos: '3', data: {} });
    assert.deepEqual(a, ['1']);
    assert.deepEqual(b, ['1', '2']);
    WS.last.serverClose(1012);
    clock.advance(1000);
    WS.last.serverOpen();
    assert.deepEqual(WS.last.sent, []);
  });

  test('resubscribe(channel) asks for a fresh snapshot: unsubscribe then subscribe without since', () => {
    const { clock, WS, client } = setup();
    client.subscribe('leaderboard:math_accuracy', () => {});
    client.connect();
    WS.last.serverOpen();
    WS.last.serverSend({ type: 'leaderboard.update', channel: 'leaderboard:math_accuracy', pos: 'm5', data: {} });
    assert.equal(client.resubscribe('leaderboard:math_accuracy'), true);
    assert.deepEqual(WS.last.sent.slice(1), [
      { type: 'unsubscribe', channel: 'leaderboard:math_accuracy' },
      { type: 'subscribe', channel: 'leaderboard:math_accuracy' },
    ]);
    assert.equal(client.position('leaderboard:math_accuracy'), null);
    assert.equal(client.resubscribe('leaderboard:nope'), false);
    // Offline: it only forgets the position; the next connection subscribes without since.
    WS.last.fail();
    client.resubscribe('leaderboard:math_accuracy');
    clock.advance(1000);
    WS.last.serverOpen();
    assert.deepEqual(WS.last.sent, [{ type: 'subscribe', channel: 'leaderboard:math_accuracy' }]);
  });

  test('bad_since makes the client start the channel over without since', () => {
    const { WS, client } = setup();
    const errors = [];
    client.subscribe('activity:feed', (m) => m.type === 'error' && errors.push(m.data.code), { since: 'garbage' });
    client.connect();
    WS.last.serverOpen();
    WS.last.serverSend({ type: 'error', channel: 'activity:feed', data: { code: 'bad_since', message: 'position not understood' } });
    assert.deepEqual(WS.last.sent, [
      { type: 'subscribe', channel: 'activity:feed', since: 'garbage' },
      { type: 'subscribe', channel: 'activity:feed' },
    ]);
    assert.deepEqual(errors, ['bad_since']);
  });

  test('unavailable makes the client ask again after a backoff, and stop asking once it leaves the channel', () => {
    const { clock, WS, client } = setup({ baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.5 });
    const off = client.subscribe('leaderboard:overall', () => {});
    client.connect();
    WS.last.serverOpen();
    const unavailable = { type: 'error', channel: 'leaderboard:overall', data: { code: 'unavailable', message: 'busy' } };
    WS.last.serverSend(unavailable);
    clock.advance(99);
    assert.equal(WS.last.sent.length, 1, 'not before the base delay');
    clock.advance(1);
    assert.deepEqual(WS.last.sent.at(-1), { type: 'subscribe', channel: 'leaderboard:overall' });
    WS.last.serverSend(unavailable);
    WS.last.serverSend(unavailable); // a second answer while a retry is pending does not double it
    clock.advance(1000);
    assert.equal(WS.last.sent.length, 3);
    WS.last.serverSend({ type: 'subscribed', channel: 'leaderboard:overall', data: { snapshot: null } });
    WS.last.serverSend(unavailable);
    off();
    clock.advance(5000);
    assert.deepEqual(WS.last.sentTypes, ['subscribe', 'subscribe', 'subscribe', 'unsubscribe']);
  });

  test('a channel the server refused is not asked again until the token changes', () => {
    const { clock, WS, client } = setup();
    const serverErrors = [];
    client.on('server-error', (e) => serverErrors.push(e));
    client.subscribe('user:9:progress', () => {});
    client.subscribe('activity:feed', () => {});
    client.connect();
    WS.last.serverOpen();
    WS.last.serverSend({ type: 'error', channel: 'user:9:progress', data: { code: 'forbidden', message: 'not yours' } });
    assert.deepEqual(serverErrors, [{ channel: 'user:9:progress', code: 'forbidden', message: 'not yours' }]);
    WS.last.serverClose(1012);
    clock.advance(1000);
    WS.last.serverOpen();
    assert.deepEqual(WS.last.sent.map((m) => m.channel), ['activity:feed']);
    client.setToken(tokenWith({ sub: '9', exp: 4_000_000_000 }));
    WS.last.serverOpen();
    assert.deepEqual(WS.last.sent.map((m) => m.channel), ['user:9:progress', 'activity:feed']);
  });

  test('subscribing from an open listener sends the subscribe once', () => {
    const { WS, client } = setup();
    client.on('open', () => client.subscribe('activity:feed', () => {}));
    client.connect();
    WS.last.serverOpen();
    assert.deepEqual(WS.last.sent, [{ type: 'subscribe', channel: 'activity:feed' }]);
  });

  test('a throwing handler does not stop other handlers', () => {
    const { WS, client } = setup();
    const got = [];
    const errors = [];
    client.on('handler-error', (e) => errors.push(e.error.message));
    client.subscribe('activity:feed', () => { throw new Error('boom'); });
    client.subscribe('activity:feed', (m) => got.push(m.pos));
    client.connect();
    WS.last.serverOpen();
    WS.last.serverSend({ type: 'high.score', channel: 'activity:feed', pos: 'h', data: {} });
    assert.deepEqual(got, ['h']);
    assert.deepEqual(errors, ['boom']);
  });

  test('frames that are not JSON are reported, not thrown', () => {
    const { WS, client } = setup();
    const problems = [];
    client.on('protocol-error', (e) => problems.push(e.reason));
    client.connect();
    WS.last.serverOpen();
    WS.last.serverSend('not json{');
    WS.last.serverSend('{"no":"type"}');
    assert.deepEqual(problems, ['not JSON', 'no type']);
  });
});

describe('outgoing queue', () => {
  test('messages sent while disconnected are flushed in order after the resubscribes', () => {
    const { clock, WS, client } = setup();
    client.subscribe('activity:feed', () => {});
    assert.equal(client.send({ type: 'ping', n: 1 }), 'queued');
    client.connect();
    assert.equal(client.send({ type: 'ping', n: 2 }), 'queued', 'still connecting');
    WS.last.serverOpen();
    assert.deepEqual(WS.last.sent, [
      { type: 'subscribe', channel: 'activity:feed' },
      { type: 'ping', n: 1 },
      { type: 'ping', n: 2 },
    ]);
    assert.equal(client.send({ type: 'ping', n: 3 }), 'sent');
    WS.last.serverClose(1011);
    client.send({ type: 'ping', n: 4 });
    client.send({ type: 'ping', n: 5 });
    assert.equal(client.queued, 2);
    clock.advance(10_000);
    WS.last.serverOpen();
    assert.deepEqual(WS.last.sent.slice(1), [{ type: 'ping', n: 4 }, { type: 'ping', n: 5 }]);
    assert.equal(client.queued, 0);
  });

  test('the queue is bounded: the oldest message is dropped and reported', () => {
    const { WS, client } = setup({ maxQueue: 3 });
    const dropped = [];
    client.on('overflow', (m) => dropped.push(m.n));
    for (let n = 1; n <= 5; n++) client.send({ type: 'ping', n });
    assert.equal(client.queued, 3);
    assert.deepEqual(dropped, [1, 2]);
    client.connect();
    WS.last.serverOpen();
    assert.deepEqual(WS.last.sent.map((m) => m.n), [3, 4, 5]);
  });

  test('nothing is written to a socket that is closing', () => {
    const { WS, client } = setup();
    client.connect();
    WS.last.serverOpen();
    WS.last.readyState = 2; // closing: the close event has not arrived yet
    assert.equal(client.send({ type: 'ping' }), 'queued');
  });
});

describe('tokens and heartbeat', () => {
  test('the token goes in the URL; setToken replaces the connection at once', () => {
    const { WS, client } = setup({ token: 'a.b.c' });
    client.connect();
    assert.equal(WS.last.url, 'ws://127.0.0.1:1/api/ws?token=a.b.c');
    WS.last.serverOpen();
    const first = WS.last;
    client.setToken(null);
    assert.deepEqual(first.closedByClient, { code: 1000, reason: 'token changed' });
    assert.equal(WS.last.url, 'ws://127.0.0.1:1/api/ws');
    assert.equal(WS.sockets.length, 2);
  });

  test('an expired token is not sent: auth event, closed', () => {
    const clock = new FakeClock();
    clock.advance(2_000_000_000_000);
    const { WS, client } = setup({ now: clock.now, token: tokenWith({ sub: '42', exp: 1_000_000 }) });
    const auth = [];
    client.on('auth', (e) => auth.push(e));
    client.connect();
    assert.equal(WS.sockets.length, 0);
    assert.deepEqual(auth, [{ code: 4001, reason: 'token expired' }]);
    assert.equal(client.state, State.CLOSED);
  });

  test('decodeToken reads claims without verifying; garbage gives null', () => {
    const t = tokenWith({ sub: '42', name: 'ädå', exp: 100 });
    assert.deepEqual(decodeToken(t), { sub: '42', name: 'ädå', exp: 100 });
    assert.equal(decodeToken('x.y'), null);
    assert.equal(decodeToken('a.!!!.c'), null);
    assert.equal(decodeToken(null), null);
    assert.equal(tokenExpired(t, 100_000), true);
    assert.equal(tokenExpired(t, 99_999), false);
    assert.equal(tokenExpired('opaque', 0), false);
  });

  test('pings every heartbeat and replaces a connection silent for two heartbeats', () => {
    const { clock, WS, client, states } = setup();
    client.connect();
    WS.last.serverOpen({ connection_id: 'c-1', heartbeat_ms: 1000 });
    clock.advance(1000);
    assert.deepEqual(WS.last.sentTypes, ['ping']);
    WS.last.serverSend({ type: 'pong', data: {} });
    clock.advance(1000);
    clock.advance(1000);
    assert.deepEqual(WS.last.sentTypes, ['ping', 'ping', 'ping']);
    const first = WS.last;
    clock.advance(1000); // 3 s since the pong
    assert.equal(first.closedByClient?.reason, 'heartbeat timeout');
    assert.equal(states.at(-1).state, State.RECONNECTING);
    clock.advance(1000);
    assert.equal(WS.sockets.length, 2);
  });

  test('welcome is exposed and cleared when the connection drops', () => {
    const { WS, client } = setup();
    const welcomes = [];
    client.on('welcome', (w) => welcomes.push(w.connection_id));
    client.connect();
    WS.last.serverOpen({ connection_id: 'c-77', user_id: 42, username: 'ada', heartbeat_ms: 0 });
    assert.equal(client.welcome.user_id, 42);
    WS.last.serverClose(1011);
    assert.equal(client.welcome, null);
    assert.deepEqual(welcomes, ['c-77']);
  });

  test('reconnectNow skips the wait', () => {
    const { WS, client } = setup({ baseDelayMs: 60_000, maxDelayMs: 60_000 });
    client.connect();
    WS.last.fail();
    assert.equal(client.reconnectNow(), true);
    assert.equal(WS.sockets.length, 2);
    assert.equal(client.reconnectNow(), false, 'nothing pending now');
  });
});

describe('a token the server refuses at the upgrade', () => {
  test('probeTokenRejected asks the REST endpoint with the token: 401 means rejected', async () => {
    const calls = [];
    const fetchWith = (status) => async (url, init) => {
      calls.push({ url, init });
      return { status };
    };
    assert.equal(await probeTokenRejected('wss://example.test/api/ws?token=abc', 'abc', fetchWith(401)), true);
    assert.equal(calls[0].url, 'https://example.test/api/ws/subscribe');
    assert.equal(calls[0].init.method, 'POST');
    assert.equal(calls[0].init.headers.Authorization, 'Bearer abc');
    assert.equal(await probeTokenRejected('ws://127.0.0.1:8080/api/ws', 't', fetchWith(400)), false);
    assert.equal(calls[1].url, 'http://127.0.0.1:8080/api/ws/subscribe');
    assert.equal(await probeTokenRejected('ws://x/api/ws', 't', async () => { throw new Error('down'); }), false);
    assert.equal(await probeTokenRejected('ws://x/api/ws', 't', undefined), false);
  });

  test('a failed connect with a token is probed once; a rejected token stops the client with an auth event', async () => {
    const probes = [];
    let answer;
    const { clock, WS, client, states } = setup({
      token: 'bad.token.sig',
      probeAuth: (url, token) => {
        probes.push([url, token]);
        return new Promise((r) => { answer = r; });
      },
    });
    const auth = [];
    client.on('auth', (e) => auth.push(e));
    client.connect();
    WS.last.fail();
    clock.advance(states.at(-1).delayMs);
    WS.last.fail();
    assert.deepEqual(probes, [['ws://127.0.0.1:1/api/ws', 'bad.token.sig']], 'probed once per run of failures');
    answer(true);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(auth, [{ code: 401, reason: 'token rejected' }]);
    assert.equal(client.state, State.CLOSED);
    const n = WS.sockets.length;
    clock.advance(600_000);
    assert.equal(WS.sockets.length, n, 'no more attempts');
  });

  test('a token that is not the problem keeps the client retrying; anonymous clients are never probed', async () => {
    let probes = 0;
    const { clock, WS, client, states } = setup({ token: 'good.token.sig', probeAuth: async () => { probes++; return false; } });
    client.connect();
    WS.last.fail();
    await new Promise((r) => setImmediate(r));
    clock.advance(states.at(-1).delayMs);
    assert.equal(WS.sockets.length, 2);
    assert.equal(client.state, State.RECONNECTING);
    WS.last.serverOpen();
    WS.last.serverClose(1011); // an open connection closing is not a token problem
    assert.equal(probes, 1);
    const anon = setup({ probeAuth: async () => { probes++; return true; } });
    anon.client.connect();
    anon.WS.last.fail();
    await new Promise((r) => setImmediate(r));
    assert.equal(probes, 1);
    assert.equal(anon.client.state, State.RECONNECTING);
  });
});
