package com.gifchat.http;

import com.gifchat.bus.Failure;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.util.Set;

/**
 * Refuses a form or a write that another site's page sent: a browser names the page a request comes from in
 * {@code Origin} (on every POST and DELETE) or else in {@code Referer}, and it must be one of ours
 * ({@link AllowedOrigins}). Reads pass, and so does a request that names no page at all: that is not a browser, and
 * carries no visitor's cookie unless it is that visitor. Decided before the session and the body are read, so a
 * refused upload is not stored.
 */
final class CrossSiteGuard {

    static final String REFUSED = "This request came from another site, so it was refused. "
        + "Open the chat at its own address and try again.";
    private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final AllowedOrigins origins;
    private final ErrorPages pages;

    CrossSiteGuard(AllowedOrigins origins, ErrorPages pages) {
        this.origins = origins;
        this.pages = pages;
    }

    void check(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        if (READS.contains(request.method()) || fromOurPages(request)) {
            rc.next();
            return;
        }
        // a person sees this only after a form (a page of its own); a script reads the JSON error like any other
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        if (accept != null && accept.contains("text/html")) {
            pages.refused(rc, Failure.CROSS_SITE.exception(REFUSED));
        } else {
            Api.fail(rc, Failure.CROSS_SITE.exception(REFUSED));
        }
    }

    private boolean fromOurPages(HttpServerRequest request) {
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        String page = origin != null ? origin : request.getHeader(HttpHeaders.REFERER);
        // "null" (a sandboxed or privacy-sensitive page) names no origin of ours, so it is refused like any other
        return page == null || origins.allows(page, request.authority());
    }
}
