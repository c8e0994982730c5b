package io.liveboard.processors;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import io.liveboard.catalog.App;
import io.liveboard.catalog.Category;
import io.liveboard.events.LearningEvent;
import io.liveboard.events.SessionEnded;
import io.liveboard.json.LearningEventValidator;
import io.liveboard.testing.Events;

/**
 * A deterministic mix of input for integration tests: users practising several apps over several days
 * (late sessions included), live updates, matches, redelivered events and undecodable records; plus an
 * independent model of the final leaderboards (a plain sort, not the rank index).
 */
public final class Workload {

    /** One input record: an event, or raw bytes (garbage). */
    public record Input(String key, LearningEvent event, byte[] raw) {
    }

    private final List<Input> inputs = new ArrayList<>();
    private final List<LearningEvent> completed = new ArrayList<>();

    public static Workload generate(long seed, int users, int sessionsPerUser) {
        Workload w = new Workload();
        Random random = new Random(seed);
        App[] apps = App.values();
        Instant base = Instant.parse("2026-11-01T08:00:00Z");
        int matchCount = 0;
        for (int s = 0; s < sessionsPerUser; s++) {
            for (int u = 1; u <= users; u++) {
                App app = apps[random.nextInt(apps.length)];
                // Mostly day by day; every seventh session is late (days earlier than the user's latest).
                int day = random.nextInt(7) == 0 ? Math.max(0, s - 3) : s;
                Instant at = base.plusSeconds(day * 86_400L + random.nextInt(36_000));
                Events.Builder b = Events.user(u, "user" + u).app(app).at(at)
                        .zone(u % 3 == 0 ? "America/New_York" : u % 3 == 1 ? "Europe/Paris" : null);
                String session = "u" + u + "-s" + s;
                String match = (u % 4 == 1 && u + 1 <= users) ? "m" + s + "-" + u : (u % 4 == 2 ? "m" + s + "-" + (u - 1) : null);
                if (match != null) {
                    matchCount++;
                }
                w.add(b.id(uuid(random)).started(session, match));
                double value = switch (app.primaryMetric()) {
                    case WPM -> 20 + random.nextInt(100);
                    case ACCURACY, COMPREHENSION -> 60 + random.nextInt(41);
                    default -> 100 + random.nextInt(900);
                };
                for (int p = 1; p <= 2; p++) {
                    w.add(b.id(uuid(random)).progress(session, p * 30_000L, value * p / 2));
                }
                if (random.nextInt(10) == 0) {
                    w.add(b.id(uuid(random)).abandoned(session));
                    continue;
                }
                LearningEvent end = b.id(uuid(random)).completed(session, value, 5 + random.nextInt(60));
                w.add(end);
                w.completed.add(end);
                if (random.nextInt(15) == 0) {
                    w.add(end); // redelivered by the app
                }
                if (random.nextInt(40) == 0) {
                    w.inputs.add(new Input(Long.toString(u), null, ("garbage " + s + "/" + u).getBytes()));
                }
            }
        }
        if (matchCount == 0) {
            throw new IllegalStateException("workload without matches");
        }
        return w;
    }

    private void add(LearningEvent e) {
        inputs.add(new Input(Long.toString(e.getUserId()), e, null));
    }

    private static String uuid(Random random) {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    public List<Input> inputs() {
        return inputs;
    }

    /** The expected top {@code n} of a category as user ids, from a plain sort of the completed sessions. */
    public List<Long> expectedTop(Category category, int n) {
        record Value(long user, double value, long reachedAt) {
        }
        Map<Long, Value> values = new HashMap<>();
        for (LearningEvent e : completed) {
            SessionEnded ended = (SessionEnded) e.getPayload();
            long t = e.getOccurredAt().toEpochMilli();
            Value old = values.get(e.getUserId());
            if (category == Category.OVERALL) {
                double total = (old == null ? 0 : old.value()) + ended.getPoints();
                long reached = old == null ? t : Math.max(old.reachedAt(), t);
                values.put(e.getUserId(), new Value(e.getUserId(), total, reached));
            } else if (category.app().orElseThrow().id().equals(e.getApp())) {
                double v = LearningEventValidator.primaryMetric(category.app().get(), ended);
                if (old == null || v > old.value() || (v == old.value() && t < old.reachedAt())) {
                    values.put(e.getUserId(), new Value(e.getUserId(), v, t));
                }
            }
        }
        return values.values().stream()
                .sorted(Comparator.comparingDouble(Value::value).reversed().thenComparingLong(Value::reachedAt)
                        .thenComparingLong(Value::user))
                .limit(n).map(Value::user).toList();
    }

    /** Cumulative points per user. */
    public Map<Long, Integer> totals() {
        Map<Long, Integer> totals = new HashMap<>();
        for (LearningEvent e : completed) {
            totals.merge(e.getUserId(), ((SessionEnded) e.getPayload()).getPoints(), Integer::sum);
        }
        return totals;
    }
}
