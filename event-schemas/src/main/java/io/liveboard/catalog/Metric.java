package io.liveboard.catalog;

/** A measured quantity of a session, named as in the events' JSON. */
public enum Metric {
    WPM("wpm"),
    ACCURACY("accuracy"),
    COMPREHENSION("comprehension"),
    SCORE("score"),
    POINTS("points");

    private final String jsonName;

    Metric(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }
}
