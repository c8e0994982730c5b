package io.liveboard.catalog;

/** Who may subscribe to a channel (DESIGN.md §5). */
public enum ChannelAccess {
    /** Anyone, anonymous included. */
    PUBLIC,
    /** Only the user the channel is about. */
    OWNER,
    /** Any signed-in user. */
    SIGNED_IN
}
