package io.liveboard.fanout.protocol;

/** WebSocket close codes of docs/protocol.md. */
public final class CloseCodes {
    public static final int NORMAL = 1000;
    public static final int GOING_AWAY = 1001;
    public static final int POLICY_VIOLATION = 1008;
    public static final int TOO_BIG = 1009;
    public static final int INTERNAL_ERROR = 1011;
    public static final int SERVICE_RESTART = 1012;
    public static final int TRY_AGAIN_LATER = 1013;
    public static final int SLOW_CONSUMER = 4000;
    public static final int UNAUTHORIZED = 4001;
    public static final int RATE_LIMITED = 4002;

    private CloseCodes() {
    }
}
