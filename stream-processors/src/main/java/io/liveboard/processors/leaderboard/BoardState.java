package io.liveboard.processors.leaderboard;

/** Per-category counters (store {@value LeaderboardProcessor#STATE_STORE}, key category, JSON). */
public final class BoardState {

    /** Sequence number of the last change; updates and snapshots of a change carry it. */
    public long seq;
    /** Who held rank 1 after the last change (0: nobody yet). */
    public long leaderUserId;
    public String leaderUsername;
    /** The last change's cause, event time and record timestamp: what its (coalesced) snapshot carries. */
    public String lastCause;
    public long lastOccurredAt;
    public long lastTimestamp;

    public BoardState() {
    }
}
