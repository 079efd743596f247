package com.gifchat.realtime;

import com.gifchat.bus.Failure;
import com.gifchat.metrics.AppMetrics;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which web pages may use the realtime port (realtime.allowedOrigins). When that setting is empty, the chat's own
 * pages may: {@code http(s)://<host>:<http.port>} for the host the request was sent to, and the origin of
 * realtime.publicUrl. The realtime port's own origin is always allowed, because SockJS's iframe transports talk to it
 * from its own iframe.html. A request without an Origin is not from a page script (a browser sends one with every
 * WebSocket and cross-site request), so the caller lets it through; the origin {@code null} (sandboxed frames, files)
 * is never allowed.
 */
final class OriginPolicy {

    private static final int HTTP_PORT = 80;
    private static final int HTTPS_PORT = 443;

    private final List<Origin> configured;
    private final int pagesPort;
    private final Optional<Origin> publicOrigin;

    private OriginPolicy(List<Origin> configured, int pagesPort, Optional<Origin> publicOrigin) {
        this.configured = configured;
        this.pagesPort = pagesPort;
        this.publicOrigin = publicOrigin;
    }

    /**
     * @param allowedOrigins realtime.allowedOrigins: comma-separated origins, or blank for the pages' own
     * @param pagesPort      http.port, where the pages are served
     * @param publicUrl      realtime.publicUrl, or blank
     */
    static OriginPolicy of(String allowedOrigins, int pagesPort, String publicUrl) {
        List<Origin> configured = Arrays.stream(allowedOrigins.split(","))
            .map(String::trim)
            .filter(entry -> !entry.isEmpty())
            .map(entry -> Origin.parse(entry).orElseThrow(() -> new IllegalArgumentException(
                "realtime.allowedOrigins: \"" + entry + "\" is not an origin such as https://chat.example.com")))
            .toList();
        Optional<Origin> publicOrigin = publicUrl.isBlank() ? Optional.empty() : Origin.ofUrl(publicUrl.trim());
        return new OriginPolicy(configured, pagesPort, publicOrigin);
    }

    /** Whether a page of {@code origin} (an Origin header's value) may use this port, reached as {@code host}. */
    boolean allows(String origin, String host) {
        Optional<Origin> page = Origin.parse(origin);
        return page.isPresent() && pageOrigins(host).contains(page.get());
    }

    /** Every origin whose pages may use the port, for a request sent to {@code host} (a Host header). */
    List<Origin> pageOrigins(String host) {
        List<Origin> origins = new ArrayList<>();
        String hostName = hostName(host);
        if (hostName != null) {
            // this port's own pages: SockJS's iframe.html and what it loads
            int ownPort = portOf(host);
            origins.add(new Origin("http", hostName, ownPort == -1 ? HTTP_PORT : ownPort));
            origins.add(new Origin("https", hostName, ownPort == -1 ? HTTPS_PORT : ownPort));
        }
        if (!configured.isEmpty()) {
            origins.addAll(configured);
            return origins;
        }
        if (hostName != null) {
            origins.add(new Origin("http", hostName, pagesPort));
            origins.add(new Origin("https", hostName, pagesPort));
        }
        publicOrigin.ifPresent(origins::add);
        return origins;
    }

    /**
     * Route handler for the SockJS bridge: refuses a request from a page of another site before SockJS sees it,
     * since SockJS itself would answer any origin, with credentials.
     */
    void guardBridge(RoutingContext rc) {
        // what SockJS answers depends on the Origin, so a cache must keep the answers apart
        rc.response().putHeader(HttpHeaders.VARY, "Origin");
        String origin = rc.request().getHeader(HttpHeaders.ORIGIN);
        if (origin == null || allows(origin, rc.request().getHeader(HttpHeaders.HOST))) {
            rc.next();
        } else {
            refuse(rc, AppMetrics.BRIDGE);
        }
    }

    /** @param transport the metrics' label for what the page tried to open */
    static void refuse(RoutingContext rc, String transport) {
        AppMetrics.refused(transport, Failure.CROSS_SITE);
        rc.response().setStatusCode(403).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=UTF-8")
            .end("Pages of this origin may not use the chat's realtime port.\n");
    }

    /** The host name of a Host header ("chat.example.com:8081", "[::1]:8081"), lower case; null if there is none. */
    private static String hostName(String host) {
        if (host == null || host.isBlank()) {
            return null;
        }
        String name = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1)
            : host.contains(":") ? host.substring(0, host.indexOf(':')) : host;
        return name.isEmpty() ? null : name.toLowerCase(Locale.ROOT);
    }

    private static int portOf(String host) {
        int colon = host.lastIndexOf(':');
        if (colon < 0 || host.lastIndexOf(']') > colon) {
            return -1;
        }
        try {
            return Integer.parseInt(host.substring(colon + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** An origin with its port spelled out, so that http://a and http://a:80 are one. */
    record Origin(String scheme, String host, int port) {

        /** An Origin header value or a setting's entry: {@code http(s)://host[:port]}, nothing after it. */
        static Optional<Origin> parse(String text) {
            if (text == null || text.equals("null") || text.contains("@")) {
                return Optional.empty();
            }
            return ofUri(text).filter(uri -> (uri.getRawPath() == null || uri.getRawPath().isEmpty())
                    && uri.getRawQuery() == null && uri.getRawFragment() == null)
                .flatMap(Origin::of);
        }

        /** The origin of a URL such as realtime.publicUrl; ws and wss count as http and https. */
        static Optional<Origin> ofUrl(String url) {
            return ofUri(url).flatMap(Origin::of);
        }

        private static Optional<URI> ofUri(String text) {
            try {
                return Optional.of(new URI(text));
            } catch (java.net.URISyntaxException e) {
                return Optional.empty();
            }
        }

        private static Optional<Origin> of(URI uri) {
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            scheme = switch (scheme) {
                case "ws" -> "http";
                case "wss" -> "https";
                default -> scheme;
            };
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                return Optional.empty();
            }
            int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("http") ? HTTP_PORT : HTTPS_PORT;
            return Optional.of(new Origin(scheme, uri.getHost().toLowerCase(Locale.ROOT), port));
        }

        /** As a browser writes it: the port only when it is not the scheme's own. */
        @Override
        public String toString() {
            boolean usual = scheme.equals("http") ? port == HTTP_PORT : port == HTTPS_PORT;
            return scheme + "://" + host + (usual ? "" : ":" + port);
        }
    }
}
