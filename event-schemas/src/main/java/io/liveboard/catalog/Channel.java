package io.liveboard.catalog;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A channel a client subscribes to, e.g. {@code leaderboard:typing_wpm} or {@code user:42:progress}.
 * Build, parse and validate here only; the string form is {@link #name()}.
 *
 * @param kind    what the channel carries
 * @param subject the category, user id, feed or session id the channel is about
 */
public record Channel(ChannelKind kind, String subject) {

    public static final int MAX_LENGTH = 128;
    private static final Pattern USER_ID = Pattern.compile("[1-9][0-9]{0,17}");
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public Channel {
        if (kind == null || subject == null) {
            throw new InvalidChannelException("channel kind and subject are required");
        }
    }

    public static Channel leaderboard(Category category) {
        return new Channel(ChannelKind.LEADERBOARD, category.id());
    }

    public static Channel userProgress(long userId) {
        return new Channel(ChannelKind.USER_PROGRESS, userIdSubject(userId));
    }

    public static Channel userAchievements(long userId) {
        return new Channel(ChannelKind.USER_ACHIEVEMENTS, userIdSubject(userId));
    }

    public static Channel userRankChanges(long userId) {
        return new Channel(ChannelKind.USER_RANK_CHANGES, userIdSubject(userId));
    }

    public static Channel activity(ActivityFeed feed) {
        return new Channel(ChannelKind.ACTIVITY, feed.id());
    }

    public static Channel sessionLive(String sessionId) {
        return new Channel(ChannelKind.SESSION_LIVE, sessionIdSubject(sessionId));
    }

    public static Channel sessionCompetitors(String sessionId) {
        return new Channel(ChannelKind.SESSION_COMPETITORS, sessionIdSubject(sessionId));
    }

    /** Parses and validates; the exception message says what is wrong and is safe to show a client. */
    public static Channel parse(String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidChannelException("channel is required");
        }
        if (name.length() > MAX_LENGTH) {
            throw new InvalidChannelException("channel is longer than " + MAX_LENGTH + " characters");
        }
        String[] parts = name.split(":", -1);
        switch (parts[0]) {
            case "leaderboard" -> {
                expectParts(name, parts, 2);
                Category category = Category.byId(parts[1]).orElseThrow(() -> new InvalidChannelException(
                        "unknown leaderboard category '" + parts[1] + "' (typing_wpm, math_accuracy, "
                                + "reading_comprehension, piano_score, overall)"));
                return leaderboard(category);
            }
            case "activity" -> {
                expectParts(name, parts, 2);
                ActivityFeed feed = ActivityFeed.byId(parts[1]).orElseThrow(() -> new InvalidChannelException(
                        "unknown activity feed '" + parts[1] + "' (feed, achievements, high-scores)"));
                return activity(feed);
            }
            case "user" -> {
                expectParts(name, parts, 3);
                if (!USER_ID.matcher(parts[1]).matches()) {
                    throw new InvalidChannelException("user id in '" + name + "' must be a positive integer");
                }
                ChannelKind kind = switch (parts[2]) {
                    case "progress" -> ChannelKind.USER_PROGRESS;
                    case "achievements" -> ChannelKind.USER_ACHIEVEMENTS;
                    case "rank-changes" -> ChannelKind.USER_RANK_CHANGES;
                    default -> throw new InvalidChannelException("unknown user channel '" + parts[2]
                            + "' (progress, achievements, rank-changes)");
                };
                return new Channel(kind, parts[1]);
            }
            case "session" -> {
                expectParts(name, parts, 3);
                if (!SESSION_ID.matcher(parts[1]).matches()) {
                    throw new InvalidChannelException("session id in '" + name
                            + "' must be 1-64 letters, digits, '.', '_' or '-'");
                }
                ChannelKind kind = switch (parts[2]) {
                    case "live" -> ChannelKind.SESSION_LIVE;
                    case "competitors" -> ChannelKind.SESSION_COMPETITORS;
                    default -> throw new InvalidChannelException("unknown session channel '" + parts[2]
                            + "' (live, competitors)");
                };
                return new Channel(kind, parts[1]);
            }
            default -> throw new InvalidChannelException("unknown channel '" + name
                    + "' (leaderboard:*, user:*:*, activity:*, session:*:*)");
        }
    }

    /** True when the string is a valid session id (also what apps may use as session_id and match_id). */
    public static boolean isValidSessionId(String id) {
        return id != null && SESSION_ID.matcher(id).matches();
    }

    public String name() {
        return switch (kind) {
            case LEADERBOARD -> "leaderboard:" + subject;
            case ACTIVITY -> "activity:" + subject;
            case USER_PROGRESS, USER_ACHIEVEMENTS, USER_RANK_CHANGES -> "user:" + subject + ":" + kind.label();
            case SESSION_LIVE, SESSION_COMPETITORS -> "session:" + subject + ":" + kind.label();
        };
    }

    public Topic topic() {
        return kind.topic();
    }

    /**
     * The record key of this channel's records, which decides its partition. Empty for session channels:
     * their records are keyed by the session's user (live) or match (competitors), which the name does not hold.
     */
    public Optional<String> partitionKey() {
        return switch (kind) {
            case SESSION_LIVE, SESSION_COMPETITORS -> Optional.empty();
            default -> Optional.of(subject);
        };
    }

    public ChannelAccess access() {
        return kind.access();
    }

    public boolean isPublic() {
        return kind.access() == ChannelAccess.PUBLIC;
    }

    /** The user a per-user channel belongs to. */
    public Optional<Long> ownerUserId() {
        return kind.access() == ChannelAccess.OWNER ? Optional.of(Long.parseLong(subject)) : Optional.empty();
    }

    /** Whether a client signed in as {@code userId} (null: anonymous) may subscribe. */
    public boolean allows(Long userId) {
        return switch (kind.access()) {
            case PUBLIC -> true;
            case SIGNED_IN -> userId != null;
            case OWNER -> userId != null && Long.toString(userId).equals(subject);
        };
    }

    @Override
    public String toString() {
        return name();
    }

    private static void expectParts(String name, String[] parts, int count) {
        if (parts.length != count) {
            throw new InvalidChannelException("malformed channel '" + name + "'");
        }
    }

    private static String userIdSubject(long userId) {
        if (userId <= 0) {
            throw new InvalidChannelException("user id must be positive: " + userId);
        }
        return Long.toString(userId);
    }

    private static String sessionIdSubject(String sessionId) {
        if (!isValidSessionId(sessionId)) {
            throw new InvalidChannelException("session id must be 1-64 letters, digits, '.', '_' or '-': " + sessionId);
        }
        return sessionId;
    }
}
