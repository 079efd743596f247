package com.gifchat.http;

import com.gifchat.bus.Addresses;
import com.gifchat.bus.Failure;
import com.gifchat.config.Setting;
import com.gifchat.config.StartFailure;
import com.gifchat.gifs.ImageLimits;
import com.gifchat.identity.Tickets;
import com.gifchat.limits.Limits;
import com.gifchat.limits.TrustedProxies;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HSTSHandler;
import io.vertx.ext.web.handler.SessionHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.handler.XFrameHandler;
import io.vertx.ext.web.sstore.ClusteredSessionStore;
import io.vertx.ext.web.sstore.LocalSessionStore;
import io.vertx.ext.web.sstore.SessionStore;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web front: FreeMarker pages and forms, JSON endpoints, and static files from webroot/. Every decision about
 * rooms is asked of the rooms verticle over the event bus.
 */
public class HttpVerticle extends VerticleBase {

    private static final Logger log = LoggerFactory.getLogger(HttpVerticle.class);
    private static final int UNLIMITED = -1;
    private static final int MULTIPART_FRAMING_BYTES = 16 * 1024;
    private static final String IMAGE_CHECK_POOL = "gifchat-image-checks";

    private HttpServer server;
    private WorkerExecutor imageChecks;
    /** Set when this node drains before it stops: pages are refused, the operator's endpoints still answer. */
    private boolean draining;

    /**
     * Nothing served is sniffed into another type or leaks its address as a referrer (no vertx-web handler writes
     * these). Served over TLS, every response also says to keep to https: not vertx-web's HSTSHandler, which writes
     * that only on a TLS connection or with a Front-End-Https header, and a TLS proxy in front usually sends neither
     * (browsers ignore the header over plain http anyway).
     */
    private static Handler<RoutingContext> securityHeaders(boolean secure) {
        return rc -> {
            rc.response()
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "same-origin");
            if (secure) {
                rc.response().putHeader("Strict-Transport-Security", "max-age=" + HSTSHandler.DEFAULT_MAX_AGE);
            }
            rc.next();
        };
    }

    @Override
    public Future<?> start() {
        Tickets tickets = Tickets.of(vertx, config());
        Limits rateLimits = Limits.forNode(vertx, config());
        TrustedProxies proxies = TrustedProxies.of(Setting.SECURITY_TRUSTED_PROXIES.textIn(config()));
        PageRenderer renderer = new PageRenderer(Templates.engine(vertx), config());
        Pages pages = new Pages(vertx.eventBus(), renderer, tickets, config(), rateLimits, proxies,
            HeldRefusals.forNode(vertx, config()));
        ErrorPages errorPages = new ErrorPages(renderer);
        Api api = new Api(vertx.eventBus());
        CrossSiteGuard crossSite = new CrossSiteGuard(AllowedOrigins.of(Setting.HTTP_ALLOWED_ORIGINS.textIn(config())), errorPages);
        PagePolicy pagePolicy = new PagePolicy(Setting.REALTIME_PORT.intIn(config()), Setting.REALTIME_PUBLIC_URL.textIn(config()));
        boolean secure = Setting.HTTP_SECURE_COOKIES.flagIn(config());
        String sessionCookie = Visitor.cookieName(secure);
        long maxUpload = Setting.UPLOADS_MAX_BYTES.intIn(config());
        // clustered, sessions live in the cluster's shared data, so a person keeps their identity on every node
        SessionStore sessions = vertx.isClustered() ? ClusteredSessionStore.create(vertx) : LocalSessionStore.create(vertx);
        ImageLimits limits = new ImageLimits(Setting.UPLOADS_MAX_PIXELS.intIn(config()),
            Setting.UPLOADS_MAX_FRAMES.intIn(config()), Setting.UPLOADS_MAX_JPEG_SCANS.intIn(config()));
        imageChecks = vertx.createSharedWorkerExecutor(IMAGE_CHECK_POOL, Setting.UPLOADS_CHECK_THREADS.intIn(config()));
        Gifs gifs = new Gifs(vertx, maxUpload, limits, imageChecks, sessions, sessionCookie, rateLimits, proxies);
        String uploadsDir = Path.of(Setting.DATA_DIR.textIn(config()), Setting.UPLOADS_FOLDER).toString();

        int bodyLimit = Setting.HTTP_BODY_LIMIT_BYTES.intIn(config());
        Router router = Router.router(vertx);
        // nothing served here is ever framed
        router.route().handler(XFrameHandler.create(XFrameHandler.DENY)).handler(securityHeaders(secure));
        Health.route(vertx, router, () -> draining);
        router.route().handler(this::refuseWhileDraining);
        // static files and images come first: a cached response must never set a cookie (images read the session
        // of a private room's visitor without the session handler, see Gifs.serve)
        router.get("/gif/:fileId").handler(gifs::serve);
        router.head("/gif/:fileId").handler(gifs::serve);
        router.route("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars"));
        router.routeWithRegex("/(css|js)/.*|/favicon\\.svg").handler(StaticHandler.create("webroot"));
        router.route().handler(pagePolicy);
        // before the session and any body: a refused request creates no session and uploads nothing
        router.route().handler(crossSite::check);
        // lazy: a request that does not need the session (the room list's JSON) neither stores one nor sets a cookie;
        // so it cannot hand back a fresh session in a race with a page that just changed the id (Visitor.admit)
        router.route().handler(SessionHandler.create(sessions)
            .setSessionCookieName(sessionCookie)
            .setCookieHttpOnlyFlag(true)
            .setCookieSecureFlag(secure)
            .setCookieSameSite(CookieSameSite.LAX)
            .setLazySession(true));
        // uploads stream to disk; the limit leaves room for the multipart framing around the file itself
        // the limit comes before the body handler (a route of its own: vert.x wants body handlers first in a route),
        // so that a refused upload is not read
        router.post("/room/:id/gif").handler(gifs::limit);
        router.post("/room/:id/gif")
            .handler(BodyHandler.create(uploadsDir).setBodyLimit(maxUpload + MULTIPART_FRAMING_BYTES).setDeleteUploadedFilesOnEnd(true))
            .handler(gifs::upload)
            .failureHandler(gifs::failedUpload);
        router.post().handler(BodyHandler.create(false).setBodyLimit(bodyLimit));

        router.get("/").handler(pages::roomList);
        router.get("/language/:language").handler(pages::pickLanguage);
        router.get("/room").handler(pages::newRoomForm);
        router.post("/room").handler(pages::createRoom);
        router.get("/room/:id").handler(pages::enterRoom);
        router.post("/room/:id/password").handler(pages::checkPassword);
        router.delete("/room/:id").handler(api::deleteRoom);
        router.get("/api/rooms").handler(api::listRooms);
        router.get("/api/rooms/:id/messages").handler(api::history);
        router.get("/api/rooms/:id/people").handler(api::people);

        router.route().last().handler(errorPages::notFound);
        router.route().failureHandler(errorPages::failed);

        // no separate per-field limit: the body limit bounds every field and answers 413, which says what happened
        server = vertx.createHttpServer(new HttpServerOptions().setMaxFormAttributeSize(UNLIMITED));
        Future<Void> drains = vertx.eventBus().localConsumer(Addresses.NODE_DRAINING, message -> draining = true).completion();
        // the pages' catalogues are read from the jar once, off the event loop
        return drains.compose(v -> vertx.executeBlocking(() -> {
                Words.load();
                return null;
            }))
            .compose(loaded -> server.requestHandler(router)
                .listen(Setting.HTTP_PORT.intIn(config()), Setting.HTTP_HOST.textIn(config()))
                .recover(e -> Future.failedFuture(StartFailure.ifPortInUse(e, Setting.HTTP_PORT, Setting.HTTP_PORT.intIn(config())))))
            .onSuccess(s -> log.info("pages listening on port {}", s.actualPort()));
    }

    /** A stopping node: "restarting" (503 with Retry-After), so a person tries again, behind a balancer elsewhere. */
    private void refuseWhileDraining(RoutingContext rc) {
        if (draining) {
            rc.fail(Failure.UNAVAILABLE.exception("The server is restarting; try again in a moment."));
        } else {
            rc.next();
        }
    }

    @Override
    public Future<?> stop() {
        return imageChecks == null ? Future.succeededFuture() : imageChecks.close();
    }
}
