package com.gifchat.http;

import io.vertx.core.Handler;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The Content-Security-Policy of the pages: scripts, styles, frames and form targets from this site only, no inline
 * script or style, never framed; connections to this site and to the realtime gateway. Not vertx-web's CSPHandler,
 * whose policy is fixed when it is made: the gateway's origin is the host the page was asked for (on
 * {@code realtime.port}) unless {@code realtime.publicUrl} names it.
 */
final class PagePolicy implements Handler<RoutingContext> {

    static final String HEADER = "Content-Security-Policy";
    private static final String FIXED = "default-src 'self'; script-src 'self'; style-src 'self'; "
        + "img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'; ";
    /** What a host may be in a CSP source: a name or an IPv4 address (an IPv6 one cannot be written there). */
    private static final Pattern SOURCE_HOST = Pattern.compile("[A-Za-z0-9.-]+");

    private final int realtimePort;
    /** The whole policy when realtime.publicUrl names the gateway's host; null when it depends on the request. */
    private final String fixedPolicy;
    /** realtime.publicUrl is a path on the pages' own host (a proxy in front of both). */
    private final boolean gatewayOnPageHost;

    PagePolicy(int realtimePort, String publicUrl) {
        this.realtimePort = realtimePort;
        URI url = parse(publicUrl);
        boolean absolute = url != null && url.getScheme() != null && url.getHost() != null;
        this.gatewayOnPageHost = url != null && !absolute;
        this.fixedPolicy = absolute ? FIXED + connectSrc(gatewaySources(url)) : null;
    }

    @Override
    public void handle(RoutingContext rc) {
        rc.response().putHeader(HEADER, policyFor(rc.request().authority()));
        rc.next();
    }

    String policyFor(HostAndPort authority) {
        if (fixedPolicy != null) {
            return fixedPolicy;
        }
        String host = authority == null || authority.host() == null || !SOURCE_HOST.matcher(authority.host()).matches()
            ? "*" : authority.host();
        if (gatewayOnPageHost) {
            // 'self' covers http(s) on the page's host and port; WebSockets there are named, as not every browser
            // lets 'self' match them
            String hostPort = authority != null && authority.port() >= 0 ? host + ":" + authority.port() : host;
            return FIXED + connectSrc("ws://" + hostPort + " wss://" + hostPort);
        }
        // the page finds the gateway at its own host name on realtime.port (webroot/js/common.js)
        String gateway = host + ":" + realtimePort;
        return FIXED + connectSrc("http://" + gateway + " https://" + gateway + " ws://" + gateway + " wss://" + gateway);
    }

    private static String connectSrc(String gatewaySources) {
        return "connect-src 'self' " + gatewaySources;
    }

    /** The gateway's origin, by http(s) for SockJS's fallbacks and by ws(s) for its WebSocket. */
    private static String gatewaySources(URI url) {
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        boolean secure = scheme.equals("https") || scheme.equals("wss");
        String hostPort = url.getPort() >= 0 ? url.getHost() + ":" + url.getPort() : url.getHost();
        return secure ? "https://" + hostPort + " wss://" + hostPort : "http://" + hostPort + " ws://" + hostPort;
    }

    private static URI parse(String publicUrl) {
        if (publicUrl == null || publicUrl.isBlank()) {
            return null;
        }
        try {
            return new URI(publicUrl.trim());
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
