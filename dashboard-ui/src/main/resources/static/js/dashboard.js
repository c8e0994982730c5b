// The unified dashboard: wires the client library to the page (unified.html).
// Auth: `?token=` in the page URL, or `window.LIVEBOARD_TOKEN`, or a development token picked with the user picker
// (GET /api/dev/token); without one the page watches the public channels anonymously.

import { RealtimeClient, decodeToken, State } from './realtime.js';
import { LeaderboardStream, LeaderboardView } from './leaderboard-stream.js';
import { ProgressStream, ProgressView } from './progress-stream.js';
import { FeedStream, FeedView, describeFeedItem, describePersonalItem } from './activity-feed.js';
import { CompetitorsStream, CompetitorsView } from './competitors.js';
import { ToastQueue, ToastView, SoundPlayer, describeNotification } from './notifications.js';
import { CATEGORIES, category, formatMetric, initials, avatarHue, setText } from './format.js';

const TOKEN_KEY = 'liveboard.token';
const DEV_USER_KEY = 'liveboard.devUser';
const SOUND_KEY = 'liveboard.sound';
const FEEDS = [
  { channel: 'activity:feed', label: 'Everything' },
  { channel: 'activity:achievements', label: 'Achievements' },
  { channel: 'activity:high-scores', label: 'High scores' },
];
const SESSION_ID = /^[A-Za-z0-9._-]{1,64}$/;

const $ = (sel) => document.querySelector(sel);
const storage = safeStorage();

// ---------------------------------------------------------------- auth

function initialAuth() {
  const params = new URLSearchParams(location.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    // Keep the token out of the address bar, history and screenshots.
    params.delete('token');
    const rest = params.toString();
    history.replaceState(null, '', location.pathname + (rest ? '?' + rest : '') + location.hash);
    return { token: fromUrl, source: 'url' };
  }
  if (typeof window.LIVEBOARD_TOKEN === 'string' && window.LIVEBOARD_TOKEN) return { token: window.LIVEBOARD_TOKEN, source: 'page' };
  const stored = storage.get(TOKEN_KEY);
  if (stored) return { token: stored, source: 'dev', devUser: JSON.parse(storage.get(DEV_USER_KEY) ?? 'null') };
  return { token: null, source: null };
}

async function fetchDevToken(userId, username) {
  const q = new URLSearchParams({ user_id: String(userId) });
  if (username) q.set('username', username);
  let res;
  try {
    res = await fetch('/api/dev/token?' + q, { headers: { Accept: 'application/json' } });
  } catch {
    throw new Error('The server cannot be reached.');
  }
  if (res.status === 404) throw new Error('Signing in as any user is only available in development mode.');
  if (!res.ok) {
    const body = await res.json().catch(() => null);
    throw new Error(body?.message ?? body?.data?.message ?? `Sign-in failed (HTTP ${res.status}).`);
  }
  const body = await res.json();
  if (!body?.token) throw new Error('The server sent no token.');
  return body;
}

let auth = initialAuth();
const client = new RealtimeClient({ token: auth.token });

// ---------------------------------------------------------------- connection indicator

const conn = $('#conn');
const connLabel = conn.querySelector('.conn-label');
const retry = conn.querySelector('.conn-retry');
const banner = $('#banner');
let countdown = null;

function showBanner(text) {
  banner.textContent = text;
  banner.hidden = !text;
}

const connStatus = $('#conn-status');
const SPOKEN = { connecting: 'Connecting to live updates', open: 'Live updates connected', reconnecting: 'Connection lost, reconnecting', closed: 'Live updates stopped' };

client.on('state', (e) => {
  clearInterval(countdown);
  conn.dataset.state = e.state;
  document.body.dataset.conn = e.state;
  // Screen readers hear each state once, not every tick of the countdown.
  if (e.state !== e.previous) setText(connStatus, SPOKEN[e.state] ?? e.state);
  retry.hidden = true;
  switch (e.state) {
    case State.CONNECTING:
      setText(connLabel, 'Connecting…');
      break;
    case State.OPEN:
      setText(connLabel, 'Live');
      showBanner('');
      break;
    case State.RECONNECTING: {
      const until = Date.now() + e.delayMs;
      const tick = () => {
        const s = Math.ceil((until - Date.now()) / 1000);
        setText(connLabel, s > 0 ? `Reconnecting in ${s}s` : 'Reconnecting…');
      };
      tick();
      countdown = setInterval(tick, 500);
      retry.hidden = e.delayMs < 1500;
      break;
    }
    case State.CLOSED:
      setText(connLabel, e.code === 4001 ? 'Signed out' : e.code === 1008 ? 'Blocked' : 'Offline');
      retry.hidden = e.code === 1008;
      break;
    default:
  }
});
retry.addEventListener('click', () => {
  if (!client.reconnectNow()) client.connect();
});
addEventListener('online', () => client.reconnectNow());

client.on('auth', async () => {
  // A development token can simply be renewed; any other expired token falls back to the public view.
  const dev = auth.source === 'dev' ? auth.devUser : null;
  if (dev) {
    try {
      const t = await fetchDevToken(dev.user_id, dev.username);
      useToken(t.token, 'dev', dev);
      client.connect();
      return;
    } catch {
      // fall through
    }
  }
  showBanner('Your session expired. Showing public boards; sign in again for your own channels.');
  useToken(null, null);
  client.connect();
});
client.on('policy', () => showBanner('This page is not allowed to connect to the live server (origin not allowed).'));
client.on('welcome', (w) => {
  if (w.user_id != null) setUser(w.user_id, w.username);
  else if (auth.token == null) setUser(null, null);
});

// ---------------------------------------------------------------- leaderboards

const boards = new Map(); // category id -> { stream, view, tab, panel, foot }
const tabsEl = $('#board-tabs');
const panelsEl = $('#board-panels');
const myRanks = new Map(); // category id -> rank.changed data
let activeBoard = storage.get('liveboard.board') ?? CATEGORIES[0].id;
if (!CATEGORIES.some((c) => c.id === activeBoard)) activeBoard = CATEGORIES[0].id;

for (const c of CATEGORIES) {
  const tab = document.createElement('button');
  tab.type = 'button';
  tab.setAttribute('role', 'tab');
  tab.id = `tab-${c.id}`;
  tab.className = 'tab';
  tab.setAttribute('aria-controls', `panel-${c.id}`);
  tab.innerHTML = '<span class="tab-icon" aria-hidden="true"></span><span class="tab-label"></span><span class="tab-dot" aria-hidden="true"></span>';
  tab.querySelector('.tab-icon').textContent = c.icon;
  tab.querySelector('.tab-label').textContent = c.label;
  tab.addEventListener('click', () => selectBoard(c.id, true));
  tabsEl.append(tab);

  const panel = document.createElement('div');
  panel.setAttribute('role', 'tabpanel');
  panel.id = `panel-${c.id}`;
  panel.className = 'board-panel';
  panel.setAttribute('aria-labelledby', tab.id);
  panel.tabIndex = 0;
  const listBox = document.createElement('div');
  listBox.className = 'lb';
  const foot = document.createElement('p');
  foot.className = 'lb-foot';
  panel.append(listBox, foot);
  panelsEl.append(panel);

  const stream = new LeaderboardStream(client, c.id);
  const view = new LeaderboardView({ model: stream.model, root: listBox, visible: 10 });
  stream.model.on('change', (change) => {
    // A dot on a tab that has had rank changes since it was last looked at (snapshots are not news).
    if (activeBoard !== c.id && change.kind === 'update') tab.classList.add('has-news');
    if (activeBoard === c.id) updateBoardMeta();
    renderFoot(c.id);
  });
  boards.set(c.id, { stream, view, tab, panel, foot });
}
keyboardTabs(tabsEl, (tab) => selectBoard(tab.id.slice(4), true));
selectBoard(activeBoard, false);

function selectBoard(id, focus) {
  activeBoard = id;
  storage.set('liveboard.board', id);
  for (const [cid, b] of boards) {
    const on = cid === id;
    b.tab.setAttribute('aria-selected', String(on));
    b.tab.tabIndex = on ? 0 : -1;
    b.panel.hidden = !on;
    if (on) b.tab.classList.remove('has-news');
  }
  if (focus) boards.get(id).tab.focus();
  updateBoardMeta();
}

function updateBoardMeta() {
  const m = boards.get(activeBoard).stream.model;
  setText($('#boards-meta'), m.ready && m.totalRanked != null ? `${m.totalRanked.toLocaleString('en-US')} ranked` : '');
}

function renderFoot(id) {
  const b = boards.get(id);
  const mine = myRanks.get(id);
  const onBoard = me.id != null && b.stream.model.entry(me.id);
  let text = '';
  if (me.id != null && !onBoard && mine) text = `You are #${mine.rank.toLocaleString('en-US')} with ${formatMetric(id, mine.metric_value)}`;
  else if (me.id != null && !onBoard) text = 'You are not on this board yet.';
  setText(b.foot, text);
  b.foot.hidden = !text;
}

// ---------------------------------------------------------------- activity feeds

const feedTabs = $('#feed-tabs');
const feedPanels = $('#feed-panels');
const feeds = [];
FEEDS.forEach((f, i) => {
  const tab = document.createElement('button');
  tab.type = 'button';
  tab.setAttribute('role', 'tab');
  tab.className = 'tab tab--small';
  tab.id = `feedtab-${i}`;
  tab.setAttribute('aria-controls', `feedpanel-${i}`);
  tab.textContent = f.label;
  tab.addEventListener('click', () => selectFeed(i, true));
  feedTabs.append(tab);
  const panel = document.createElement('div');
  panel.setAttribute('role', 'tabpanel');
  panel.id = `feedpanel-${i}`;
  panel.className = 'feed-box';
  panel.setAttribute('aria-labelledby', tab.id);
  feedPanels.append(panel);
  // Subscribed when first shown (then kept, so switching back is instant): fewer subscriptions per connection.
  feeds.push({ tab, panel, channel: f.channel, stream: null, view: null });
});
keyboardTabs(feedTabs, (tab) => selectFeed(Number(tab.id.split('-')[1]), true));
selectFeed(0, false);

function selectFeed(i, focus) {
  const f = feeds[i];
  if (!f.stream) {
    f.stream = new FeedStream(client, [f.channel]);
    f.view = new FeedView({ model: f.stream.model, root: f.panel, describe: describeFeedItem, emptyText: 'No activity yet.' });
  }
  feeds.forEach((f, j) => {
    f.tab.setAttribute('aria-selected', String(i === j));
    f.tab.tabIndex = i === j ? 0 : -1;
    f.panel.hidden = i !== j;
  });
  if (focus) feeds[i].tab.focus();
}

// ---------------------------------------------------------------- me: progress, achievements, rank changes, toasts

const me = { id: null, name: null, streams: [], offs: [] };
const progressRoot = $('#progress');
const mineRoot = $('#mine-feed');
let progressView = null;
let mineView = null;

// Phones show two toasts at a time so the stack never covers most of the screen.
const toastQueue = new ToastQueue({ maxVisible: matchMedia('(max-width: 760px)').matches ? 2 : 3, durationMs: 6500 });
const sound = new SoundPlayer();
new ToastView({ queue: toastQueue, root: $('#toasts'), onShow: (t) => sound.play(t.tone) });

function setUser(id, name) {
  const nid = id == null ? null : Number(id);
  if (nid === me.id) {
    if (name && name !== me.name) {
      me.name = name;
      renderAccount();
    }
    return;
  }
  for (const s of me.streams) s.close();
  for (const off of me.offs) off();
  progressView?.destroy();
  mineView?.destroy();
  progressView = mineView = null;
  me.streams = [];
  me.offs = [];
  myRanks.clear();
  me.id = nid;
  me.name = name ?? null;
  document.body.classList.toggle('signed-in', nid != null);
  for (const b of boards.values()) b.view.setMe(nid);
  matchView?.setMe(nid);
  if (nid != null) {
    const progress = new ProgressStream(client, `user:${nid}:progress`);
    progressView = new ProgressView({ model: progress.model, root: progressRoot, emptyText: 'No live session right now. Start one in any app and it shows up here.' });
    progress.model.on('change', (s) => {
      const btn = $('#watch-mine');
      btn.hidden = !s;
      btn.dataset.session = s?.session_id ?? '';
    });
    const mine = new FeedStream(client, [`user:${nid}:achievements`, `user:${nid}:rank-changes`], { limit: 40 });
    mineView = new FeedView({ model: mine.model, root: mineRoot, describe: describePersonalItem, emptyText: 'Nothing yet: achievements and rank changes appear here as they happen.' });
    me.offs.push(client.subscribe(`user:${nid}:achievements`, (msg) => {
      const n = describeNotification(msg);
      if (n) toastQueue.push(n);
    }));
    me.offs.push(client.subscribe(`user:${nid}:rank-changes`, (msg) => {
      if (msg.type !== 'rank.changed') return;
      myRanks.set(msg.data.category, msg.data);
      renderMyRanks();
      renderFoot(msg.data.category);
    }));
    me.streams.push(progress, mine);
  } else {
    progressRoot.replaceChildren();
    mineRoot.replaceChildren();
    $('#watch-mine').hidden = true;
  }
  renderMyRanks();
  for (const c of CATEGORIES) renderFoot(c.id);
  renderAccount();
}

function renderMyRanks() {
  const box = $('#my-ranks');
  box.replaceChildren();
  for (const c of CATEGORIES) {
    const r = myRanks.get(c.id);
    if (!r) continue;
    const chip = document.createElement('span');
    chip.className = 'rank-chip';
    chip.dataset.dir = r.rank_change > 0 ? 'up' : r.rank_change < 0 ? 'down' : 'same';
    chip.textContent = `${c.icon} ${c.label} #${r.rank}`;
    chip.title = `${category(c.id).label}: ${formatMetric(c.id, r.metric_value)}`;
    box.append(chip);
  }
  box.hidden = box.childElementCount === 0;
}

// ---------------------------------------------------------------- live match

let matchStream = null;
let matchView = null;
const matchForm = $('#match-form');
const matchInput = $('#match-session');

function watchMatch(sessionId) {
  matchStream?.close();
  matchView?.destroy();
  matchStream = matchView = null;
  const empty = $('#match-empty');
  if (!sessionId) {
    empty.hidden = false;
    setText($('#match-meta'), '');
    return;
  }
  if (me.id == null) {
    empty.textContent = 'Sign in to watch a match live (session channels are for signed-in users).';
    empty.hidden = false;
    return;
  }
  matchStream = new CompetitorsStream(client, sessionId);
  matchView = new CompetitorsView({ model: matchStream.model, root: $('#match'), meId: me.id });
  empty.textContent = 'Waiting for the next update of this match…';
  empty.hidden = false;
  matchStream.model.on('change', (d) => {
    empty.hidden = !!d;
    setText($('#match-meta'), d ? `${d.standings.length} competing` : '');
  });
  matchStream.errors.on('error', (e) => {
    empty.textContent = e?.code === 'forbidden' ? 'You may not watch this session.' : `Cannot watch this session: ${e?.message ?? e?.code}`;
    empty.hidden = false;
  });
  setText($('#match-meta'), sessionId);
  const url = new URL(location.href);
  url.searchParams.set('session', sessionId);
  history.replaceState(null, '', url);
}

matchForm.addEventListener('submit', (ev) => {
  ev.preventDefault();
  const id = matchInput.value.trim();
  if (!SESSION_ID.test(id)) {
    matchInput.setCustomValidity('1-64 letters, digits, ".", "_" or "-"');
    matchInput.reportValidity();
    return;
  }
  matchInput.setCustomValidity('');
  watchMatch(id);
});
matchInput.addEventListener('input', () => matchInput.setCustomValidity(''));
$('#watch-mine').addEventListener('click', (ev) => {
  const id = ev.currentTarget.dataset.session;
  if (!id) return;
  matchInput.value = id;
  watchMatch(id);
});

// ---------------------------------------------------------------- account and sign-in

const accountBtn = $('#account-btn');
const signin = $('#signin');
const signinError = signin.querySelector('.signin-error');

function renderAccount() {
  const name = me.id == null ? 'Anonymous' : me.name ?? `user ${me.id}`;
  setText(accountBtn.querySelector('.account-name'), me.id == null ? name : `${name} · #${me.id}`);
  const avatar = accountBtn.querySelector('.account-avatar');
  setText(avatar, me.id == null ? '?' : initials(name));
  avatar.style.setProperty('--hue', me.id == null ? '230' : String(avatarHue(me.id)));
}

function toggleSignin(open) {
  signin.hidden = !open;
  accountBtn.setAttribute('aria-expanded', String(open));
  if (open) {
    signinError.hidden = true;
    fillPicks();
    signin.querySelector('input[name=user_id]').focus();
  }
}

function fillPicks() {
  const box = signin.querySelector('.signin-picks');
  box.replaceChildren();
  const entries = boards.get(activeBoard).stream.model.entries.slice(0, 6);
  for (const e of entries) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'chip';
    b.textContent = `${e.username} #${e.user_id}`;
    b.addEventListener('click', () => {
      signin.elements.user_id.value = e.user_id;
      signin.elements.username.value = e.username;
      signin.requestSubmit();
    });
    box.append(b);
  }
  box.hidden = entries.length === 0;
}

accountBtn.addEventListener('click', () => toggleSignin(signin.hidden));
document.addEventListener('keydown', (ev) => {
  if (ev.key === 'Escape' && !signin.hidden) {
    toggleSignin(false);
    accountBtn.focus();
  }
});
document.addEventListener('pointerdown', (ev) => {
  if (!signin.hidden && !signin.contains(ev.target) && !accountBtn.contains(ev.target)) toggleSignin(false);
});

signin.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const userId = Number(signin.elements.user_id.value);
  const username = signin.elements.username.value.trim();
  if (!Number.isInteger(userId) || userId < 1) {
    signinError.textContent = 'The user id must be a positive whole number.';
    signinError.hidden = false;
    return;
  }
  const submit = signin.querySelector('button[type=submit]');
  submit.disabled = true;
  try {
    const t = await fetchDevToken(userId, username);
    const devUser = { user_id: t.user_id ?? userId, username: t.username ?? (username || null) };
    useToken(t.token, 'dev', devUser);
    toggleSignin(false);
  } catch (err) {
    signinError.textContent = err.message;
    signinError.hidden = false;
  } finally {
    submit.disabled = false;
  }
});

$('#signout').addEventListener('click', () => {
  useToken(null, null);
  toggleSignin(false);
});

function useToken(token, source, devUser = null) {
  auth = { token, source, devUser };
  if (source === 'dev') {
    storage.set(TOKEN_KEY, token);
    storage.set(DEV_USER_KEY, JSON.stringify(devUser));
  } else {
    storage.remove(TOKEN_KEY);
    storage.remove(DEV_USER_KEY);
  }
  // New connection first, so the new user's channels are subscribed on it rather than refused on the old one.
  client.setToken(token);
  const claims = token ? decodeToken(token) : null;
  setUser(claims?.sub ?? devUser?.user_id ?? null, claims?.name ?? devUser?.username ?? null);
  if (matchStream) watchMatch(matchStream.channel.split(':')[1]);
}

// ---------------------------------------------------------------- sound toggle

const soundBtn = $('#sound-toggle');
function renderSound() {
  soundBtn.setAttribute('aria-pressed', String(sound.enabled));
  soundBtn.title = `Notification sounds (${sound.enabled ? 'on' : 'off'})`;
}
soundBtn.addEventListener('click', () => {
  // Created inside the click: browsers only allow audio to start from a user gesture.
  sound.setEnabled(!sound.enabled);
  storage.set(SOUND_KEY, sound.enabled ? 'on' : 'off');
  renderSound();
  if (sound.enabled) sound.play('info');
});
soundBtn.hidden = !sound.supported;
renderSound();
// Sound stays off on load even if it was on last time: audio may only start after a gesture on this page.

// ---------------------------------------------------------------- helpers

function keyboardTabs(list, activate) {
  list.addEventListener('keydown', (ev) => {
    const tabs = [...list.querySelectorAll('[role=tab]')];
    const i = tabs.indexOf(document.activeElement);
    if (i < 0) return;
    let next = null;
    if (ev.key === 'ArrowRight') next = tabs[(i + 1) % tabs.length];
    else if (ev.key === 'ArrowLeft') next = tabs[(i - 1 + tabs.length) % tabs.length];
    else if (ev.key === 'Home') next = tabs[0];
    else if (ev.key === 'End') next = tabs[tabs.length - 1];
    if (next) {
      ev.preventDefault();
      activate(next);
    }
  });
}

function safeStorage() {
  const s = (() => {
    try {
      return window.sessionStorage;
    } catch {
      return null;
    }
  })();
  return {
    get: (k) => { try { return s?.getItem(k) ?? null; } catch { return null; } },
    set: (k, v) => { try { s?.setItem(k, v); } catch { /* private mode */ } },
    remove: (k) => { try { s?.removeItem(k); } catch { /* private mode */ } },
  };
}

// ---------------------------------------------------------------- start

{
  const claims = auth.token ? decodeToken(auth.token) : null;
  setUser(claims?.sub ?? auth.devUser?.user_id ?? null, claims?.name ?? auth.devUser?.username ?? null);
  const session = new URLSearchParams(location.search).get('session');
  if (session && SESSION_ID.test(session)) {
    matchInput.value = session;
    watchMatch(session);
  }
  client.connect();
}

// For debugging and the browser tests.
window.liveboard = { client, boards, feeds, toastQueue, me };
