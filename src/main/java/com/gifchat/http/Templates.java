package com.gifchat.http;

import freemarker.cache.MruCacheStorage;
import freemarker.template.Configuration;
import io.vertx.core.Vertx;
import io.vertx.ext.web.templ.freemarker.FreeMarkerTemplateEngine;

/**
 * The pages' template engine. Vert.x caches the pages it renders, but gives FreeMarker no cache of its own, so the
 * layout every page imports was read and parsed again on each render: most of what a page cost, and what made a
 * refused password guess expensive. The templates ship in the jar and never change while the app runs.
 */
final class Templates {

    /** More than there are templates: every one stays parsed. */
    private static final int KEPT = 64;

    private Templates() {
    }

    static FreeMarkerTemplateEngine engine(Vertx vertx) {
        FreeMarkerTemplateEngine engine = FreeMarkerTemplateEngine.create(vertx, "ftlh");
        Configuration configuration = engine.unwrap();
        configuration.setCacheStorage(new MruCacheStorage(KEPT, 0));
        configuration.setTemplateUpdateDelayMilliseconds(Long.MAX_VALUE);
        // words come from the i18n bundles, not from page_ko.ftlh variants: no lookups for those
        configuration.setLocalizedLookup(false);
        return engine;
    }
}
