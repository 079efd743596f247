package com.gifchat.http;

import com.gifchat.bus.Bus;
import com.gifchat.bus.Failure;
import com.gifchat.config.Setting;
import com.gifchat.identity.Identity;
import com.gifchat.identity.Tickets;
import com.gifchat.limits.Limits;
import com.gifchat.limits.ClientHash;
import com.gifchat.limits.TrustedProxies;
import com.gifchat.metrics.AppMetrics;
import com.gifchat.rooms.RoomRules;
import io.vertx.core.MultiMap;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.common.template.TemplateEngine;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static com.gifchat.bus.Addresses.*;

/** The HTML pages and their forms. Every redirect after a form is a 303, so a reload never re-sends a password. */
final class Pages {

    private static final Logger log = LoggerFactory.getLogger(Pages.class);
    private static final String HTML = "text/html; charset=utf-8";
    /** Every page names its visitor (their colour), and the room page carries their ticket: no cache keeps one. */
    private static final String NO_STORE = "no-store";
    /** Notices are flashed as catalogue keys, so the next page says them in its reader's language. */
    private static final String NO_SUCH_ROOM = "notice.noSuchRoom";
    private static final String ROOM_FULL = "notice.roomFull";
    private static final String WRONG_PASSWORD = "js.failure.4030";
    private static final String CLOSED_BY_ADMIN = "admin";
    private static final long TICKETS_WAIT_MS = 1000;

    private final EventBus bus;
    private final TemplateEngine engine;
    private final Tickets tickets;
    private final JsonObject config;
    private final Limits limits;
    private final HeldRefusals heldRefusals;
    private final TrustedProxies proxies;

    Pages(EventBus bus, TemplateEngine engine, Tickets tickets, JsonObject config, Limits limits, TrustedProxies proxies,
          HeldRefusals heldRefusals) {
        this.bus = bus;
        this.heldRefusals = heldRefusals;
        this.engine = engine;
        this.tickets = tickets;
        this.config = config;
        this.limits = limits;
        this.proxies = proxies;
    }

    /** One page of rooms ({@code ?page=}, newest first), with links to the newer and older pages. */
    void roomList(RoutingContext rc) {
        Visitor visitor = Visitor.of(rc);
        String notice = visitor.takeFlash();
        if (notice == null && CLOSED_BY_ADMIN.equals(rc.queryParams().get("closed"))) {
            notice = "notice.closedByAdmin";
        }
        JsonObject model = model(rc, visitor).put("notice", notice == null ? null : Words.of(rc).text(notice));
        String page = rc.queryParams().get("page");
        JsonObject request = new JsonObject();
        if (page != null && !page.isBlank()) {
            if (!page.trim().matches("\\d{1,9}")) {
                rc.fail(Failure.BAD_INPUT.exception("'page' must be a whole number."));
                return;
            }
            request.put("page", Integer.parseInt(page.trim()));
        }
        Bus.request(bus, ROOMS_LIST, request)
            .onSuccess(reply -> render(rc, 200, "index", model
                .put("rooms", reply.getJsonArray("rooms"))
                .put("page", reply.getInteger("page"))
                .put("pageSize", reply.getInteger("pageSize"))
                .put("hasMore", reply.getBoolean("hasMore"))))
            .onFailure(rc::fail);
    }

    void newRoomForm(RoutingContext rc) {
        render(rc, 200, "new-room", roomForm(rc, Visitor.of(rc), new JsonObject()));
    }

    void createRoom(RoutingContext rc) {
        Visitor visitor = Visitor.of(rc);
        Identity me = visitor.identity();
        MultiMap form = rc.request().formAttributes();
        JsonObject request = new JsonObject()
            .put("title", form.get("title"))
            .put("capacity", form.get("capacity"))
            .put("password", form.get("password"))
            .put("owner", me.toJson());
        String client = proxies.clientOf(rc.request());
        request.put("address", ClientHash.of(client));
        limits.roomCreation(me.id(), client)
            .compose(v -> Bus.request(bus, ROOMS_CREATE, request))
            .onSuccess(reply -> {
                String id = reply.getJsonObject("room").getString("id");
                visitor.admit(id);
                redirect(rc, "/room/" + id);
            })
            .onFailure(error -> {
                // a ban is told on the form too, with when it ends
                if (Failure.of(error) != Failure.BAD_INPUT && Failure.of(error) != Failure.REMOVED && !isRefusal(error)) {
                    rc.fail(error);
                    return;
                }
                // the form comes back as it was typed, with what went wrong; a refusal also says when to come back
                JsonObject typed = new JsonObject().put("title", form.get("title")).put("capacity", form.get("capacity"));
                render(rc, HttpFailures.refusal(rc.response(), error), "new-room",
                    roomForm(rc, visitor, typed).put("error", Words.of(rc).failure(error)));
            });
    }

    void enterRoom(RoutingContext rc) {
        Visitor visitor = Visitor.of(rc);
        Identity me = visitor.identity();
        String id = rc.pathParam("id");
        if (!isRoomId(id)) {
            redirectWithNotice(rc, visitor, Failure.NO_SUCH_ROOM, NO_SUCH_ROOM);
            return;
        }
        Bus.request(bus, ROOMS_GET, new JsonObject().put("id", id).put("userId", me.id()))
            .onSuccess(found -> {
                JsonObject room = found.getJsonObject("room");
                boolean owner = found.getBoolean("owner");
                if (room.getBoolean("private") && !owner && !visitor.admittedTo(id)) {
                    String flashed = visitor.takeFlash();
                    render(rc, 200, "password", model(rc, visitor).put("room", room)
                        .put("error", flashed == null ? null : Words.of(rc).text(flashed)));
                } else if (room.getInteger("memberCount") >= room.getInteger("capacity") && !found.getBoolean("member")) {
                    redirectWithNotice(rc, visitor, Failure.ROOM_FULL, ROOM_FULL);
                } else {
                    // without a configured secret, the store's is known moments after the database first answers
                    tickets.ready().timeout(TICKETS_WAIT_MS, TimeUnit.MILLISECONDS)
                        .onSuccess(v -> render(rc, 200, "room", roomPage(rc, visitor, room, owner)))
                        .onFailure(timeout -> rc.fail(Failure.UNAVAILABLE.exception("no ticket secret yet")));
                }
            })
            .onFailure(error -> failOrNotice(rc, visitor, error));
    }

    /**
     * A password attempt. Attempts are limited per client address and per room, before any hashing, with delays
     * that grow as they go on; a refused attempt gets the form back with the wait (429 and Retry-After).
     */
    void checkPassword(RoutingContext rc) {
        Visitor visitor = Visitor.of(rc);
        String id = rc.pathParam("id");
        if (!isRoomId(id)) {
            redirectWithNotice(rc, visitor, Failure.NO_SUCH_ROOM, NO_SUCH_ROOM);
            return;
        }
        String password = rc.request().getFormAttribute("password");
        limits.passwordGuess(id, proxies.clientOf(rc.request()))
            .compose(v -> Bus.request(bus, ROOMS_ADMIT, new JsonObject().put("id", id).put("password", password)))
            .onSuccess(ok -> {
                visitor.admit(id);
                redirect(rc, "/room/" + id);
            })
            .onFailure(error -> {
                if (isRefusal(error)) {
                    heldRefusals.answer(rc, () -> passwordFormAgain(rc, visitor, id, error));
                    return;
                }
                if (Failure.of(error) != Failure.WRONG_PASSWORD) {
                    failOrNotice(rc, visitor, error);
                    return;
                }
                // back to the form by a redirect, so that reloading the page does not post the password again
                AppMetrics.refused(AppMetrics.HTTP, Failure.WRONG_PASSWORD);
                visitor.flash(WRONG_PASSWORD);
                redirect(rc, "/room/" + id);
            });
    }

    /**
     * The language switch: remembers the pick and goes back to the page it was made on (a path of this site only, so
     * the link cannot send anyone elsewhere).
     */
    void pickLanguage(RoutingContext rc) {
        String language = rc.pathParam("language");
        String back = rc.queryParams().get("back");
        if (back == null || !back.startsWith("/") || back.startsWith("//") || back.contains("\\")) {
            back = "/";
        }
        if (Words.LANGUAGES.contains(language)) {
            rc.response().addCookie(Words.remember(language));
        }
        redirect(rc, back);
    }

    void notFound(RoutingContext rc) {
        Words words = Words.of(rc);
        render(rc, 404, "error", model(rc, Visitor.of(rc)).put("title", words.text("error.notFoundTitle"))
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
        render(rc, HttpFailures.refusal(rc.response(), error), "error", words.model()
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
        render(rc, HttpFailures.status(Failure.UNAVAILABLE), "error", model);
    }

    /** Too many attempts, or too many people hashing at once: not the person's input, so worth saying when to retry. */
    private static boolean isRefusal(Throwable error) {
        Failure failure = Failure.of(error);
        return failure == Failure.RATE_LIMITED || failure == Failure.UNAVAILABLE;
    }

    private void passwordFormAgain(RoutingContext rc, Visitor visitor, String id, Throwable error) {
        Bus.request(bus, ROOMS_GET, new JsonObject().put("id", id).put("userId", visitor.identity().id()))
            .onSuccess(found -> {
                render(rc, HttpFailures.refusal(rc.response(), error), "password",
                    model(rc, visitor).put("room", found.getJsonObject("room")).put("error", Words.of(rc).failure(error)));
            })
            .onFailure(notFound -> failOrNotice(rc, visitor, notFound));
    }

    private void failOrNotice(RoutingContext rc, Visitor visitor, Throwable error) {
        if (Failure.of(error) == Failure.NO_SUCH_ROOM) {
            redirectWithNotice(rc, visitor, Failure.NO_SUCH_ROOM, NO_SUCH_ROOM);
        } else {
            rc.fail(error);
        }
    }

    private JsonObject roomPage(RoutingContext rc, Visitor visitor, JsonObject room, boolean owner) {
        Identity me = visitor.identity();
        return model(rc, visitor)
            .put("room", room)
            .put("owner", owner)
            .put("ticket", tickets.issue(room.getString("id"), me, System.currentTimeMillis()))
            .put("maxTextLength", Setting.CHAT_MAX_TEXT_LENGTH.intIn(config))
            .put("maxUploadBytes", Setting.UPLOADS_MAX_BYTES.intIn(config))
            .put("historyPageSize", Setting.CHAT_HISTORY_PAGE_SIZE.intIn(config));
    }

    private JsonObject roomForm(RoutingContext rc, Visitor visitor, JsonObject typed) {
        return model(rc, visitor)
            .put("form", typed)
            .put("minCapacity", RoomRules.MIN_CAPACITY)
            .put("maxCapacity", Setting.ROOMS_MAX_CAPACITY.intIn(config))
            .put("defaultCapacity", Setting.ROOMS_DEFAULT_CAPACITY.intIn(config))
            .put("maxTitleLength", RoomRules.MAX_TITLE_LENGTH);
    }

    /** What every page needs: its words, who you are, and where the realtime gateway listens. */
    private JsonObject model(RoutingContext rc, Visitor visitor) {
        return Words.of(rc).model()
            .put("path", rc.request().path())
            .put("me", new JsonObject().put("colour", visitor.identity().colour()))
            .put("realtimeUrl", Setting.REALTIME_PUBLIC_URL.textIn(config))
            .put("realtimePort", Setting.REALTIME_PORT.intIn(config));
    }

    private void render(RoutingContext rc, int status, String template, JsonObject model) {
        engine.render(model, "templates/" + template + ".ftlh")
            .onSuccess(html -> rc.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, HTML)
                .putHeader(HttpHeaders.CACHE_CONTROL, NO_STORE)
                .end(html))
            .onFailure(rc::fail);
    }

    /** A refusal told on the room list: counted like any other refusal. */
    private void redirectWithNotice(RoutingContext rc, Visitor visitor, Failure refusal, String notice) {
        AppMetrics.refused(AppMetrics.HTTP, refusal);
        visitor.flash(notice);
        redirect(rc, "/");
    }

    private static void redirect(RoutingContext rc, String location) {
        rc.response().setStatusCode(303).putHeader(HttpHeaders.LOCATION, location).end();
    }
}
