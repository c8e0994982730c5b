package io.liveboard.simulator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

import io.liveboard.catalog.App;
import io.liveboard.events.LearningEvent;

/**
 * Back-dated practice over the past D days, so streaks (some over 100 days), totals and personal bests
 * exist before live traffic starts. Each learner practises on the days of their plan
 * ({@link User#practiceDays}), in their own time zone, around their usual time: at least one completed
 * session on such a day, sometimes two or three, sometimes one given up. Events come out in occurred_at
 * order across all learners (processors see event time move forward), one day at a time, so memory stays
 * bounded by about two days of sessions. Event and session ids derive from the seed, the learner and the
 * date: a repeat of the same history counts once.
 */
final class History {

    /** Receives each event with its learner. */
    interface Sink {
        void accept(User user, LearningEvent event);
    }

    private static final long DAY_MS = 86_400_000L;
    private static final long EARLIEST_OFFSET_MS = 14 * 3_600_000L;
    private static final int SLOT_BITS = 28;
    private static final long SLOT_MASK = (1L << SLOT_BITS) - 1;
    private static final int LATEST_START_MINUTE = 22 * 60 + 30;

    private final Population population;
    private final long seed;
    private final int days;
    private final long nowMs;
    private final Counters counters = new Counters();

    // Planned sessions waiting for their start: heap of (start second - base) << SLOT_BITS | slot.
    private final LongHeap planned = new LongHeap();
    private long baseSecond;
    private int[] slotUser = new int[1024];
    private long[] slotDay = new long[1024];
    private int[] slotOrdinal = new int[1024];
    private int[] freeSlots = new int[1024];
    private int freeSlotCount;
    private int slotCount;

    private final PriorityQueue<Session> running = new PriorityQueue<>((a, b) -> Long.compare(a.nextDueMs, b.nextDueMs));
    private final ArrayDeque<Session> pool = new ArrayDeque<>();

    History(Population population, long seed, int days, long nowMs) {
        this.population = population;
        this.seed = seed;
        this.days = days;
        this.nowMs = nowMs;
    }

    Counters counters() {
        return counters;
    }

    /** Emits every back-dated event in occurred_at order; returns early (partial) when {@code stop} says so. */
    void generate(Sink sink, BooleanSupplier stop) {
        if (days == 0) {
            return;
        }
        LocalDate todayUtc = LocalDate.ofInstant(Instant.ofEpochMilli(nowMs), ZoneOffset.UTC);
        baseSecond = todayUtc.minusDays(days + 2L).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        for (int k = days; k >= 1; k--) {
            plan(k);
            // Sessions of later days (fewer days ago) start no earlier than this, in any zone.
            long bound = k == 1 ? Long.MAX_VALUE
                    : todayUtc.minusDays(k).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() - EARLIEST_OFFSET_MS;
            if (!drain(bound, sink, stop)) {
                return;
            }
        }
    }

    /** Plans every learner's sessions on their local date k days ago. */
    private void plan(int k) {
        for (int i = 0; i < population.size(); i++) {
            User user = population.user(i);
            if (!user.practiceDays.get(k)) {
                continue;
            }
            LocalDate date = LocalDate.ofInstant(Instant.ofEpochMilli(nowMs), user.zone).minusDays(k);
            long epochDay = date.toEpochDay();
            SplittableRandom r = new SplittableRandom(Ids.mix(seed, user.id, epochDay));
            int sessions = 1 + (r.nextDouble() < 0.35 ? 1 : 0) + (r.nextDouble() < 0.1 ? 1 : 0);
            boolean quitter = r.nextDouble() < 0.08;
            int minute = (int) User.clamp(user.practiceMinute + 45 * r.nextGaussian(), 6 * 60, 22 * 60);
            for (int n = 0; n < sessions + (quitter ? 1 : 0); n++) {
                if (minute > LATEST_START_MINUTE) {
                    break;
                }
                long start = ZonedDateTime.of(date, LocalTime.ofSecondOfDay(minute * 60L + r.nextInt(60)), user.zone)
                        .toEpochSecond();
                int slot = slot();
                slotUser[slot] = i;
                slotDay[slot] = epochDay;
                // The last one of a quitter's day is given up; the others are completed.
                slotOrdinal[slot] = n << 1 | (quitter && n == sessions ? 1 : 0);
                planned.add((start - baseSecond) << SLOT_BITS | slot);
                // Sessions last at most about 10 minutes: the next starts after a break.
                minute += 15 + r.nextInt(105);
            }
        }
    }

    private boolean drain(long boundMs, Sink sink, BooleanSupplier stop) {
        for (;;) {
            long nextStart = planned.isEmpty() ? Long.MAX_VALUE : startMs(planned.peek());
            Session head = running.peek();
            long headDue = head == null ? Long.MAX_VALUE : head.nextDueMs;
            if (Math.min(nextStart, headDue) >= boundMs || (head == null && planned.isEmpty())) {
                return true;
            }
            if ((counters.events & 1023) == 0 && stop.getAsBoolean()) {
                return false;
            }
            if (headDue <= nextStart) {
                running.poll();
                long stream = Ids.mix(seed, head.user.id, head.day);
                String id = Ids.uuid(stream, head.ordinal * 8L + head.emitted);
                LearningEvent event = head.emit(headDue, id, head.random);
                counters.count(head);
                sink.accept(head.user, event);
                if (head.done) {
                    if (head.completes()) {
                        head.user.completedSession();
                    }
                    head.user = null;
                    pool.push(head);
                } else {
                    running.add(head);
                }
            } else {
                begin(planned.poll());
            }
        }
    }

    private void begin(long key) {
        int slot = (int) (key & SLOT_MASK);
        User user = population.user(slotUser[slot]);
        long epochDay = slotDay[slot];
        int ordinal = slotOrdinal[slot] >>> 1;
        boolean quits = (slotOrdinal[slot] & 1) == 1;
        freeSlots[freeSlotCount++] = slot;
        SplittableRandom r = new SplittableRandom(Ids.mix(seed, user.id, epochDay * 16 + ordinal));
        App app = r.nextDouble() < 0.5 ? user.favourite : App.values()[r.nextInt(4)];
        Session session = pool.isEmpty() ? new Session() : pool.pop();
        session.plan(user, app, Session.Format.choose(app, false, r),
                "h-" + user.id + "-" + epochDay + "-" + ordinal, null, true, r);
        // A practised day has a completed session; a quitter's extra session ends early.
        session.abandonAt = quits ? 0 : -1;
        session.ordinal = ordinal;
        session.day = epochDay;
        session.random = r;
        session.nextDueMs = startMs(key);
        running.add(session);
    }

    private long startMs(long key) {
        return ((key >>> SLOT_BITS) + baseSecond) * 1000;
    }

    private int slot() {
        if (freeSlotCount > 0) {
            return freeSlots[--freeSlotCount];
        }
        if (slotCount == slotUser.length) {
            int size = slotCount * 2;
            if (size > SLOT_MASK) {
                throw new IllegalStateException("too many sessions planned at once");
            }
            slotUser = Arrays.copyOf(slotUser, size);
            slotDay = Arrays.copyOf(slotDay, size);
            slotOrdinal = Arrays.copyOf(slotOrdinal, size);
            freeSlots = Arrays.copyOf(freeSlots, size);
        }
        return slotCount++;
    }
}
