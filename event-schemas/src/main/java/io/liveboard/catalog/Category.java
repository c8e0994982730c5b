package io.liveboard.catalog;

import java.util.Arrays;
import java.util.Optional;

/**
 * Leaderboard categories: the one table of what each board ranks. Only completed sessions count.
 * Higher values rank first; ties go to whoever reached the value first, then the lower user id.
 */
public enum Category {
    TYPING_WPM("typing_wpm", App.TYPING, Metric.WPM, Aggregation.BEST),
    MATH_ACCURACY("math_accuracy", App.MATH, Metric.ACCURACY, Aggregation.BEST),
    READING_COMPREHENSION("reading_comprehension", App.READING, Metric.COMPREHENSION, Aggregation.BEST),
    PIANO_SCORE("piano_score", App.PIANO, Metric.SCORE, Aggregation.BEST),
    OVERALL("overall", null, Metric.POINTS, Aggregation.SUM);

    /** How a user's sessions combine into their value on the board. */
    public enum Aggregation { BEST, SUM }

    private final String id;
    private final App app;
    private final Metric metric;
    private final Aggregation aggregation;

    Category(String id, App app, Metric metric, Aggregation aggregation) {
        this.id = id;
        this.app = app;
        this.metric = metric;
        this.aggregation = aggregation;
    }

    public String id() {
        return id;
    }

    /** The app whose sessions count, or empty when every app's do (overall). */
    public Optional<App> app() {
        return Optional.ofNullable(app);
    }

    public Metric metric() {
        return metric;
    }

    public Aggregation aggregation() {
        return aggregation;
    }

    public static Optional<Category> byId(String id) {
        return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst();
    }

    /** The best-of category of an app (every app has exactly one). */
    public static Category bestOf(App app) {
        return Arrays.stream(values()).filter(c -> c.app == app).findFirst()
                .orElseThrow(() -> new IllegalStateException("no category for " + app));
    }
}
