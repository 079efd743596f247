package com.gifchat.http;

import com.gifchat.bus.Failure;
import com.gifchat.metrics.AppMetrics;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a person sees when a page cannot be shown: not found, refused, unavailable, or failed without internals. */
final class ErrorPages {

    private static final Logger log = LoggerFactory.getLogger(ErrorPages.class);

    private final PageRenderer renderer;

    ErrorPages(PageRenderer renderer) {
        this.renderer = renderer;
    }

    void notFound(RoutingContext rc) {
        Words words = Words.of(rc);
        renderer.render(rc, 404, "error", renderer.model(rc, Visitor.of(rc)).put("title", words.text("error.notFoundTitle"))
            .put("message", words.text("error.notFound")));
    }

    /** Anything unexpected: logged here, and the person gets a plain page without internals. */
    void failed(RoutingContext rc) {
        // rc.fail(error) records 500 for any error, so a failure from the event bus is mapped by its own code
        boolean fromBus = rc.failure() instanceof ReplyException;
        int status = fromBus ? HttpFailures.status(Failure.of(rc.failure()))
            : rc.statusCode() > 0 ? rc.statusCode() : HttpFailures.status(Failure.INTERNAL);
        Words words = Words.of(rc);
        String message = fromBus ? words.failure(rc.failure())
            : status == 413 ? words.text("error.tooLarge")
            : status < 500 ? words.text("error.badRequest")
            : words.failure(rc.failure());
        if (rc.response().headWritten()) {
            rc.response().reset();
            return;
        }
        if (fromBus) {
            AppMetrics.refused(AppMetrics.HTTP, Failure.of(rc.failure()));
        } else if (status < 500) {
            // the body handler's limit (413) or a request it could not read
            AppMetrics.refused(AppMetrics.HTTP, status == 413 ? Failure.TOO_LARGE : Failure.BAD_INPUT);
        }
        HttpFailures.retryAfter(rc.response(), rc.failure());
        if (status == HttpFailures.status(Failure.UNAVAILABLE)) {
            // the store has logged, once, that the database is away: nothing to add per request
            unavailable(rc);
            return;
        }
        if (status >= 500) {
            log.error("{} {} failed unexpectedly and was answered {}: a bug, please report it with this trace",
                rc.request().method(), rc.request().path(), status, rc.failure());
        }
        rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8").end(message);
    }

    /** A refusal decided before the session is read (a cross-site form): a plain page that says why. */
    void refused(RoutingContext rc, Throwable error) {
        Words words = Words.of(rc);
        renderer.render(rc, HttpFailures.refusal(rc.response(), error), "error", words.model()
            .put("title", words.text("error.refusedTitle")).put("message", words.failure(error)));
    }

    /** While the database is away: a page that says so and tries again by itself, without a script. */
    private void unavailable(RoutingContext rc) {
        Words words = Words.of(rc);
        JsonObject model = words.model()
            .put("title", words.text("error.unavailableTitle"))
            .put("message", words.text("error.unavailable"))
            .put("refreshSeconds", HttpFailures.RETRY_AFTER_S);
        if (rc.session() != null) {
            model.put("me", new JsonObject().put("colour", Visitor.of(rc).identity().colour()));
        }
        renderer.render(rc, HttpFailures.status(Failure.UNAVAILABLE), "error", model);
    }
}
