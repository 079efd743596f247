package com.gifchat.http;

import com.gifchat.bus.Failure;
import com.gifchat.config.Setting;
import com.gifchat.metrics.AppMetrics;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.common.template.TemplateEngine;

/** Renders the FreeMarker pages, with what every page needs, and the redirects between them. */
final class PageRenderer {

    private static final String HTML = "text/html; charset=utf-8";
    /** Every page names its visitor (their colour), and the room page carries their ticket: no cache keeps one. */
    private static final String NO_STORE = "no-store";

    private final TemplateEngine engine;
    private final JsonObject config;

    PageRenderer(TemplateEngine engine, JsonObject config) {
        this.engine = engine;
        this.config = config;
    }

    /** What every page needs: its words, who you are, and where the realtime gateway listens. */
    JsonObject model(RoutingContext rc, Visitor visitor) {
        return Words.of(rc).model()
            .put("path", rc.request().path())
            .put("me", new JsonObject().put("colour", visitor.identity().colour()))
            .put("realtimeUrl", Setting.REALTIME_PUBLIC_URL.textIn(config))
            .put("realtimePort", Setting.REALTIME_PORT.intIn(config));
    }

    void render(RoutingContext rc, int status, String template, JsonObject model) {
        engine.render(model, "templates/" + template + ".ftlh")
            .onSuccess(html -> rc.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, HTML)
                .putHeader(HttpHeaders.CACHE_CONTROL, NO_STORE)
                .end(html))
            .onFailure(rc::fail);
    }

    /** A refusal told on the room list: counted like any other refusal. */
    static void redirectWithNotice(RoutingContext rc, Visitor visitor, Failure refusal, String notice) {
        AppMetrics.refused(AppMetrics.HTTP, refusal);
        visitor.flash(notice);
        redirect(rc, "/");
    }

    /** A 303, so that reloading the page it leads to never sends the form again. */
    static void redirect(RoutingContext rc, String location) {
        rc.response().setStatusCode(303).putHeader(HttpHeaders.LOCATION, location).end();
    }
}
