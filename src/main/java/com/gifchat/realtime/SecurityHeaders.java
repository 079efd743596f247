package com.gifchat.realtime;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The security headers of every response on the realtime port. Nothing is sniffed into another type or leaks its
 * address as a referrer, and nothing is framed, except the two SockJS pages made to be: iframe.html, which the chat's
 * pages frame for the iframe transports, and the htmlfile transport, which that iframe frames in turn. Those may be
 * framed by the allowed origins only ({@code frame-ancestors}, which browsers obey over X-Frame-Options). vertx-web's
 * XFrameHandler and CSPHandler each set one fixed policy for a route; here the ancestors depend on the request's Host
 * (see {@link OriginPolicy}), so the headers are set by hand.
 */
final class SecurityHeaders {

    /** SockJS's iframe.html (also versioned, iframe-&lt;x&gt;.html) and its htmlfile transport. */
    private static final Pattern FRAMED = Pattern.compile("/eventbus/(iframe[^/]*\\.html|[^/]+/[^/]+/htmlfile)");

    private final OriginPolicy origins;

    SecurityHeaders(OriginPolicy origins) {
        this.origins = origins;
    }

    void handle(RoutingContext rc) {
        rc.response()
            .putHeader("X-Content-Type-Options", "nosniff")
            .putHeader("Referrer-Policy", "same-origin");
        if (FRAMED.matcher(rc.request().path()).matches()) {
            String ancestors = origins.pageOrigins(rc.request().getHeader(HttpHeaders.HOST)).stream()
                .map(OriginPolicy.Origin::toString)
                .distinct()
                .collect(Collectors.joining(" "));
            rc.response().putHeader("Content-Security-Policy", "frame-ancestors 'self' " + ancestors);
        } else {
            rc.response().putHeader("X-Frame-Options", "DENY");
        }
        rc.next();
    }
}
