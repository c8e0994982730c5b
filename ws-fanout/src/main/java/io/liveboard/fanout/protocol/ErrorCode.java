package io.liveboard.fanout.protocol;

/** Stable error codes of {@code error} messages (docs/protocol.md); clients switch on them. */
public enum ErrorCode {
    BAD_JSON("bad_json"),
    BAD_MESSAGE("bad_message"),
    UNKNOWN_TYPE("unknown_type"),
    INVALID_CHANNEL("invalid_channel"),
    FORBIDDEN("forbidden"),
    TOO_MANY_SUBSCRIPTIONS("too_many_subscriptions"),
    BAD_SINCE("bad_since"),
    NOT_SUBSCRIBED("not_subscribed"),
    RATE_LIMITED("rate_limited"),
    UNSUPPORTED_FRAME("unsupported_frame"),
    /** The node cannot serve the request now (history reads queue full); try again later. */
    UNAVAILABLE("unavailable");

    private final String code;

    ErrorCode(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
