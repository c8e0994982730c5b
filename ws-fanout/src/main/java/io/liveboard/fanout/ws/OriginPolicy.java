package io.liveboard.fanout.ws;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Which browser origins may open a WebSocket: the page's own origin always, the configured ones, or any with
 * {@code *}. Clients that send no Origin (not browsers) are not subject to it.
 */
public final class OriginPolicy {

    private final List<String> allowed;
    private final boolean any;

    public OriginPolicy(List<String> allowed) {
        this.allowed = allowed.stream().map(o -> o.trim().toLowerCase(Locale.ROOT)).filter(o -> !o.isEmpty())
                .map(o -> o.endsWith("/") ? o.substring(0, o.length() - 1) : o).toList();
        this.any = this.allowed.contains("*");
    }

    public boolean allows(String origin, String host) {
        if (origin == null || any) {
            return true;
        }
        String o = origin.trim().toLowerCase(Locale.ROOT);
        if (allowed.contains(o)) {
            return true;
        }
        if (host == null) {
            return false;
        }
        try {
            URI uri = URI.create(o);
            String authority = uri.getRawAuthority();
            return authority != null && authority.equals(host.trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
