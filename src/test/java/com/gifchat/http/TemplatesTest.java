package com.gifchat.http;

import freemarker.cache.TemplateLoader;
import freemarker.template.Configuration;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.templ.freemarker.FreeMarkerTemplateEngine;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.Reader;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pages are rendered from templates parsed once: the layout every page imports is not read again per render. */
@ExtendWith(VertxExtension.class)
class TemplatesTest {

    @Test
    void theLayoutIsReadOnceHoweverManyPagesAreRendered(Vertx vertx) throws Exception {
        FreeMarkerTemplateEngine engine = Templates.engine(vertx);
        Configuration configuration = engine.unwrap();
        Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();
        configuration.setTemplateLoader(new Counting(configuration.getTemplateLoader(), reads));
        JsonObject model = Words.in(Words.DEFAULT).model()
            .put("path", "/nowhere").put("me", new JsonObject().put("colour", "#e6194b"))
            .put("realtimeUrl", "").put("realtimePort", 8081)
            .put("title", "Not here").put("message", "There is no such page.");

        for (int page = 0; page < 5; page++) {
            String html = engine.render(model, "templates/error.ftlh").await(10, TimeUnit.SECONDS).toString();
            assertTrue(html.contains("There is no such page."), html);
        }

        String layout = reads.keySet().stream().filter(name -> name.contains("layout")).findFirst()
            .orElseThrow(() -> new AssertionError("the layout was never read: " + reads));
        assertEquals(1, reads.get(layout).get(), "reads of each template: " + reads);
    }

    /** FreeMarker's loader, counting how often each template's source is looked up and read. */
    private record Counting(TemplateLoader loader, Map<String, AtomicInteger> reads) implements TemplateLoader {
        @Override
        public Object findTemplateSource(String name) throws IOException {
            Object source = loader.findTemplateSource(name);
            if (source != null) {
                reads.computeIfAbsent(name, key -> new AtomicInteger()).incrementAndGet();
            }
            return source;
        }

        @Override
        public long getLastModified(Object source) {
            return loader.getLastModified(source);
        }

        @Override
        public Reader getReader(Object source, String encoding) throws IOException {
            return loader.getReader(source, encoding);
        }

        @Override
        public void closeTemplateSource(Object source) throws IOException {
            loader.closeTemplateSource(source);
        }
    }
}
