package io.liveboard.processors.achievement;

/** An achievement as users see it; {@code id} is a contract (clients and stored unlocks use it). */
public record AchievementDef(String id, String title, String description, String icon, int points) {
}
