package com.gifchat.http;

import io.vertx.core.net.HostAndPort;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The sites whose pages may send forms and writes here: the pages' own origin (the request's Host, over http or
 * https), and the origins of the {@code http.allowedOrigins} setting, for a proxy that serves the pages under an
 * address it does not pass on in the Host header.
 */
public final class AllowedOrigins {

    public static final String EXPECTED = "empty, or a comma-separated list of origins "
        + "(\"https://chat.example.com, http://10.0.0.5:8080\")";
    private static final int HTTP_PORT = 80;
    private static final int HTTPS_PORT = 443;

    /** A scheme, a lower-case host (an IPv6 address without brackets) and a port, never left to its default. */
    record Origin(String scheme, String host, int port) {

        /** The origin of an absolute http(s) URL, such as an Origin or Referer header's value; empty otherwise. */
        static Optional<Origin> ofUrl(String url) {
            try {
                URI uri = new URI(url.trim());
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.getRawUserInfo() != null) {
                    return Optional.empty();
                }
                int port = uri.getPort() >= 0 ? uri.getPort() : defaultPort(scheme);
                return Optional.of(new Origin(scheme, bare(uri.getHost()), port));
            } catch (URISyntaxException e) {
                return Optional.empty();
            }
        }

        /** An origin as a person writes one in the setting: nothing after the host and port but a slash. */
        static Optional<Origin> ofSetting(String text) {
            try {
                URI uri = new URI(text.trim());
                boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
                    && uri.getRawQuery() == null && uri.getRawFragment() == null;
                return bare ? ofUrl(text) : Optional.empty();
            } catch (URISyntaxException e) {
                return Optional.empty();
            }
        }

        /** Whether this is the origin of a page served under {@code authority} (the request's Host), by http or https. */
        boolean isServedAt(HostAndPort authority) {
            if (authority == null || authority.host() == null) {
                return false;
            }
            int servedPort = authority.port() >= 0 ? authority.port() : defaultPort(scheme);
            return host.equals(bare(authority.host())) && port == servedPort;
        }

        private static int defaultPort(String scheme) {
            return scheme.equals("https") ? HTTPS_PORT : HTTP_PORT;
        }

        private static String bare(String host) {
            String lower = host.toLowerCase(Locale.ROOT);
            return lower.startsWith("[") && lower.endsWith("]") ? lower.substring(1, lower.length() - 1) : lower;
        }
    }

    private final Set<Origin> extra;

    private AllowedOrigins(Set<Origin> extra) {
        this.extra = extra;
    }

    /** The origins a setting names, or empty when the text is not valid. */
    public static Optional<AllowedOrigins> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Set<Origin> origins = new HashSet<>();
        for (String part : text.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            Optional<Origin> origin = Origin.ofSetting(part);
            if (origin.isEmpty()) {
                return Optional.empty();
            }
            origins.add(origin.get());
        }
        return Optional.of(new AllowedOrigins(Set.copyOf(origins)));
    }

    /** For settings that were validated at start. */
    static AllowedOrigins of(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException("not a list of origins: " + text));
    }

    /** Whether a page at {@code url} (an Origin or Referer value) may write to pages served under {@code authority}. */
    boolean allows(String url, HostAndPort authority) {
        return Origin.ofUrl(url).filter(origin -> origin.isServedAt(authority) || extra.contains(origin)).isPresent();
    }
}
