package io.liveboard.catalog;

import java.util.Arrays;
import java.util.Optional;

/** The learning apps and the metric each ranks and matches by. */
public enum App {
    TYPING("typing", Metric.WPM),
    MATH("math", Metric.ACCURACY),
    READING("reading", Metric.COMPREHENSION),
    PIANO("piano", Metric.SCORE);

    private final String id;
    private final Metric primaryMetric;

    App(String id, Metric primaryMetric) {
        this.id = id;
        this.primaryMetric = primaryMetric;
    }

    public String id() {
        return id;
    }

    public Metric primaryMetric() {
        return primaryMetric;
    }

    public static Optional<App> byId(String id) {
        return Arrays.stream(values()).filter(a -> a.id.equals(id)).findFirst();
    }
}
