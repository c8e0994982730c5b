package io.liveboard.fanout.history;

/**
 * One output record as the fan-out keeps it: its position, the channels it belongs to and its {@code data}
 * rendered once as JSON. Immutable; shared by the live path, the in-memory history and replays.
 *
 * @param quotedType the message type as a JSON string literal (UTF-8, quotes included)
 * @param seq        the leaderboard sequence number, or -1 for other records
 */
public record Rec(int partition, long offset, long timestamp, long seq, byte[] quotedType, String[] channels,
                  byte[] data) {

    public boolean belongsTo(String channel) {
        for (String c : channels) {
            if (c.equals(channel)) {
                return true;
            }
        }
        return false;
    }
}
