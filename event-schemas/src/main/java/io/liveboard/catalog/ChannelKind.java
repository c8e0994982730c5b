package io.liveboard.catalog;

/** The kinds of channel, the topic each is read from, and who may subscribe. */
public enum ChannelKind {
    LEADERBOARD("leaderboard", Topic.LEADERBOARD_UPDATES, ChannelAccess.PUBLIC),
    USER_PROGRESS("progress", Topic.USER_UPDATES, ChannelAccess.OWNER),
    USER_ACHIEVEMENTS("achievements", Topic.USER_UPDATES, ChannelAccess.OWNER),
    USER_RANK_CHANGES("rank-changes", Topic.USER_UPDATES, ChannelAccess.OWNER),
    ACTIVITY("activity", Topic.ACTIVITY, ChannelAccess.PUBLIC),
    SESSION_LIVE("live", Topic.USER_UPDATES, ChannelAccess.SIGNED_IN),
    SESSION_COMPETITORS("competitors", Topic.MATCH_UPDATES, ChannelAccess.SIGNED_IN);

    private final String label;
    private final Topic topic;
    private final ChannelAccess access;

    ChannelKind(String label, Topic topic, ChannelAccess access) {
        this.label = label;
        this.topic = topic;
        this.access = access;
    }

    /** Short name for metrics labels and logs. */
    public String label() {
        return label;
    }

    public Topic topic() {
        return topic;
    }

    public ChannelAccess access() {
        return access;
    }
}
