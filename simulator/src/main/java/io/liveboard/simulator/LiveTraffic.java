package io.liveboard.simulator;

import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

import io.liveboard.catalog.App;
import io.liveboard.events.LearningEvent;

/**
 * Live traffic: learners start sessions (alone, or 2-6 at once in a match), each session emits its next
 * event when due, and learners rest between sessions. The caller asks for one event at a time at the
 * rate it wants; the set of running sessions grows until their natural pace fills that rate. When that
 * takes more learners than there are (a high rate for few users), breaks are cut short and then the
 * session due soonest goes early: time is compressed, but every event still carries the real time and
 * the session's real elapsed time.
 */
final class LiveTraffic {

    static final double MATCH_SHARE = 0.12;
    /** How often a new session goes to a top performer when one is free, so the leaders keep trading places. */
    static final double TOP_SHARE = 0.2;
    private static final int[] MATCH_SIZE_WEIGHTS = {35, 25, 20, 10, 10};
    private static final int MAX_MATCH = 6;
    private static final int INDEX_BITS = 21;
    private static final long INDEX_MASK = (1L << INDEX_BITS) - 1;

    private final Population population;
    private final SplittableRandom r;
    private final long idStream;
    private final String runTag;
    private final long epochMs;
    private final Counters counters = new Counters();
    private final PriorityQueue<Session> active =
            new PriorityQueue<>((a, b) -> Long.compare(a.nextDueMs, b.nextDueMs));
    private final ArrayDeque<Session> pool = new ArrayDeque<>();
    private final int[] free;
    private final int[] freePos;
    private int freeCount;
    /** Resting learners: (ready time relative to {@link #epochMs}) << INDEX_BITS | user index. */
    private final LongHeap resting = new LongHeap();
    private final int[] tops;
    private long eventSeq;
    private long sessionSeq;
    private long matchSeq;
    private User lastUser;

    /**
     * @param runId distinguishes runs with the same seed (the start time), so live ids of a restarted run
     *              never collide with the previous run's; the same seed and run id repeat the same traffic
     */
    LiveTraffic(Population population, long seed, long runId, long startMs) {
        if (population.size() > INDEX_MASK) {
            throw new IllegalArgumentException("at most " + INDEX_MASK + " users");
        }
        this.population = population;
        this.r = new SplittableRandom(Ids.mix(seed, runId, 0x11FEL));
        this.idStream = Ids.mix(seed, runId);
        this.runTag = Ids.tag(Ids.mix(runId, seed));
        this.epochMs = startMs;
        int n = population.size();
        this.free = new int[n];
        this.freePos = new int[n];
        for (int i = 0; i < n; i++) {
            free[i] = i;
            freePos[i] = i;
        }
        this.freeCount = n;
        int topCount = 0;
        for (int i = 0; i < n; i++) {
            topCount += population.user(i).top ? 1 : 0;
        }
        this.tops = new int[topCount];
        for (int i = 0, t = 0; i < n; i++) {
            if (population.user(i).top) {
                tops[t++] = i;
            }
        }
    }

    /** The next event, occurring at {@code now} (epoch ms, not decreasing between calls). */
    LearningEvent next(long now) {
        for (;;) {
            Session head = active.peek();
            if (head != null && head.nextDueMs <= now) {
                return advance(head, now);
            }
            wake(now);
            if (freeCount > 0) {
                begin(now);
                continue;
            }
            if (head == null || resting.size() >= MAX_MATCH) {
                // More events wanted than rested learners give: breaks are cut short, a few learners at a time
                // so they can meet in matches, and nearly everyone practises at once.
                for (int i = 0; i < MAX_MATCH && !resting.isEmpty(); i++) {
                    release((int) (resting.poll() & INDEX_MASK));
                }
                continue;
            }
            // Nearly every learner is in a session and none is due: the session due soonest goes early.
            return advance(head, now);
        }
    }

    /** The learner of the event {@link #next} returned last (its Kafka key). */
    User lastUser() {
        return lastUser;
    }

    Counters counters() {
        return counters;
    }

    int activeSessions() {
        return active.size();
    }

    private LearningEvent advance(Session session, long now) {
        active.poll();
        LearningEvent event = session.emit(now, Ids.uuid(idStream, eventSeq++), r);
        counters.count(session);
        lastUser = session.user;
        if (session.done) {
            if (session.completes()) {
                session.user.completedSession();
            }
            rest(session.user, now);
            session.user = null;
            pool.push(session);
        } else {
            active.add(session);
        }
        return event;
    }

    private void begin(long now) {
        User first = pick();
        App app = r.nextDouble() < 0.5 ? first.favourite : App.values()[r.nextInt(4)];
        if (freeCount >= 1 && r.nextDouble() < MATCH_SHARE) {
            int size = Math.min(freeCount + 1, matchSize());
            Session.Format format = Session.Format.choose(app, true, r);
            String matchId = "m-" + runTag + "-" + Long.toString(matchSeq++, 36);
            counters.matches++;
            start(first, app, format, matchId, now);
            for (int i = 1; i < size; i++) {
                start(pick(), app, format, matchId, now);
            }
        } else {
            start(first, app, Session.Format.choose(app, false, r), null, now);
        }
    }

    private void start(User user, App app, Session.Format format, String matchId, long now) {
        Session session = pool.isEmpty() ? new Session() : pool.pop();
        session.plan(user, app, format, "s-" + runTag + "-" + Long.toString(sessionSeq++, 36), matchId, false, r);
        session.nextDueMs = now;
        active.add(session);
    }

    /** A free learner, taken out of the free pool; top performers get a fair share of sessions. */
    private User pick() {
        int index = -1;
        if (tops.length > 0 && r.nextDouble() < TOP_SHARE) {
            int candidate = tops[r.nextInt(tops.length)];
            if (freePos[candidate] >= 0) {
                index = candidate;
            }
        }
        if (index < 0) {
            index = free[r.nextInt(freeCount)];
        }
        take(index);
        return population.user(index);
    }

    private int matchSize() {
        int ticket = r.nextInt(100);
        for (int i = 0; i < MATCH_SIZE_WEIGHTS.length; i++) {
            ticket -= MATCH_SIZE_WEIGHTS[i];
            if (ticket < 0) {
                return 2 + i;
            }
        }
        return 6;
    }

    private void rest(User user, long now) {
        long readyAt = Math.max(0, now - epochMs) + 3_000 + r.nextInt(27_000);
        resting.add(readyAt << INDEX_BITS | user.index);
    }

    private void wake(long now) {
        long rel = now - epochMs;
        while (!resting.isEmpty() && (resting.peek() >>> INDEX_BITS) <= rel) {
            release((int) (resting.poll() & INDEX_MASK));
        }
    }

    private void take(int index) {
        int pos = freePos[index];
        int last = free[--freeCount];
        free[pos] = last;
        freePos[last] = pos;
        freePos[index] = -1;
    }

    private void release(int index) {
        free[freeCount] = index;
        freePos[index] = freeCount++;
    }
}
