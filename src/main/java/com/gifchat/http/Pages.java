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
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.TimeUnit;

import static com.gifchat.bus.Addresses.*;
import static com.gifchat.http.PageRenderer.redirect;
import static com.gifchat.http.PageRenderer.redirectWithNotice;

/** The HTML pages and their forms: the room list, a new room, entering a room and its password, the language. */
final class Pages {

    /** Notices are flashed as catalogue keys, so the next page says them in its reader's language. */
    private static final String NO_SUCH_ROOM = "notice.noSuchRoom";
    private static final String ROOM_FULL = "notice.roomFull";
    private static final String WRONG_PASSWORD = "js.failure.4030";
    private static final String CLOSED_BY_ADMIN = "admin";
    private static final long TICKETS_WAIT_MS = 1000;

    private final EventBus bus;
    private final PageRenderer renderer;
    private final Tickets tickets;
    private final JsonObject config;
    private final Limits limits;
    private final HeldRefusals heldRefusals;
    private final TrustedProxies proxies;

    Pages(EventBus bus, PageRenderer renderer, Tickets tickets, JsonObject config, Limits limits, TrustedProxies proxies,
          HeldRefusals heldRefusals) {
        this.bus = bus;
        this.heldRefusals = heldRefusals;
        this.renderer = renderer;
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
        JsonObject model = renderer.model(rc, visitor).put("notice", notice == null ? null : Words.of(rc).text(notice));
        String page = rc.queryParams().get("page");
        JsonObject request = new JsonObject();
        if (page != null && !page.isBlank()) {
            if (!page.trim().matches("\\d{1,9}")) {
                rc.fail(Failure.BAD_INPUT.exception("'page' must be a whole number."));
                return;
            }
            request.put("page", Integer.parseInt(page.trim()));
        }
        Bus.requestLocally(bus, ROOMS_LIST, request)
            .onSuccess(reply -> renderer.render(rc, 200, "index", model
                .put("rooms", reply.getJsonArray("rooms"))
                .put("page", reply.getInteger("page"))
                .put("pageSize", reply.getInteger("pageSize"))
                .put("hasMore", reply.getBoolean("hasMore"))))
            .onFailure(rc::fail);
    }

    void newRoomForm(RoutingContext rc) {
        renderer.render(rc, 200, "new-room", roomForm(rc, Visitor.of(rc), new JsonObject()));
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
            .compose(v -> Bus.requestLocally(bus, ROOMS_CREATE, request))
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
                renderer.render(rc, HttpFailures.refusal(rc.response(), error), "new-room",
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
        Bus.requestLocally(bus, ROOMS_GET, new JsonObject().put("id", id).put("userId", me.id()))
            .onSuccess(found -> {
                JsonObject room = found.getJsonObject("room");
                boolean owner = found.getBoolean("owner");
                if (room.getBoolean("private") && !owner && !visitor.admittedTo(id)) {
                    String flashed = visitor.takeFlash();
                    renderer.render(rc, 200, "password", renderer.model(rc, visitor).put("room", room)
                        .put("error", flashed == null ? null : Words.of(rc).text(flashed)));
                } else if (room.getInteger("memberCount") >= room.getInteger("capacity") && !found.getBoolean("member")) {
                    redirectWithNotice(rc, visitor, Failure.ROOM_FULL, ROOM_FULL);
                } else {
                    // without a configured secret, the store's is known moments after the database first answers
                    tickets.ready().timeout(TICKETS_WAIT_MS, TimeUnit.MILLISECONDS)
                        .onSuccess(v -> renderer.render(rc, 200, "room", roomPage(rc, visitor, room, owner)))
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
            .compose(v -> Bus.requestLocally(bus, ROOMS_ADMIT, new JsonObject().put("id", id).put("password", password)))
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

    /** Too many attempts, or too many people hashing at once: not the person's input, so worth saying when to retry. */
    private static boolean isRefusal(Throwable error) {
        Failure failure = Failure.of(error);
        return failure == Failure.RATE_LIMITED || failure == Failure.UNAVAILABLE;
    }

    private void passwordFormAgain(RoutingContext rc, Visitor visitor, String id, Throwable error) {
        Bus.requestLocally(bus, ROOMS_GET, new JsonObject().put("id", id).put("userId", visitor.identity().id()))
            .onSuccess(found -> {
                renderer.render(rc, HttpFailures.refusal(rc.response(), error), "password",
                    renderer.model(rc, visitor).put("room", found.getJsonObject("room")).put("error", Words.of(rc).failure(error)));
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
        return renderer.model(rc, visitor)
            .put("room", room)
            .put("owner", owner)
            .put("ticket", tickets.issue(room.getString("id"), me, System.currentTimeMillis()))
            .put("maxTextLength", Setting.CHAT_MAX_TEXT_LENGTH.intIn(config))
            .put("maxUploadBytes", Setting.UPLOADS_MAX_BYTES.intIn(config))
            .put("historyPageSize", Setting.CHAT_HISTORY_PAGE_SIZE.intIn(config));
    }

    private JsonObject roomForm(RoutingContext rc, Visitor visitor, JsonObject typed) {
        return renderer.model(rc, visitor)
            .put("form", typed)
            .put("minCapacity", RoomRules.MIN_CAPACITY)
            .put("maxCapacity", Setting.ROOMS_MAX_CAPACITY.intIn(config))
            .put("defaultCapacity", Setting.ROOMS_DEFAULT_CAPACITY.intIn(config))
            .put("maxTitleLength", RoomRules.MAX_TITLE_LENGTH);
    }
}
