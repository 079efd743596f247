package com.gifchat.store;

import com.gifchat.bus.Bus;
import com.gifchat.config.Setting;
import com.gifchat.metrics.AppMetrics;
import com.gifchat.store.embedded.EmbeddedMongo;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.MongoGridFsClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.List;
import java.util.function.Function;

import static com.gifchat.bus.Addresses.*;

/**
 * The only code that touches MongoDB. It serves semantic operations on rooms, presence and messages over the event
 * bus. With no connection string configured it first starts the embedded MongoDB-wire server.
 * <p>
 * Every store address is served locally: each node's store talks to the same database. A reply means the write is
 * done; writes whose loss a person would notice (rooms, messages, images, deletions, bans) are journaled first.
 * Presence, heartbeats and the rooms' message records are not: a crash ends the connections they describe (the node
 * sweep clears what the file still holds of them), and a room's next number is read past its record.
 */
public class StoreVerticle extends VerticleBase {

    private static final Logger log = LoggerFactory.getLogger(StoreVerticle.class);

    static final String ROOMS = "rooms";
    static final String MESSAGES = "messages";
    static final String MEMBERS = "members";
    /** Room removals, from their start until the reaper's second look: what a crash or a late write leaves to finish. */
    static final String REMOVALS = "removals";
    private static final String JOURNALED_POOL = "gifchat-journaled";
    private static final String BOOKKEEPING_POOL = "gifchat-bookkeeping";
    private static final long COUNT_EVERY_MS = 15_000;
    private static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2500)};

    /** Writes whose acknowledgement promises they survive a crash: rooms, messages, images, deletions. */
    private MongoClient mongo;
    /**
     * Presence, heartbeats and rooms' message records: a crash ends the connections they describe (the sweep then
     * clears them) or loses nothing acknowledged (a room's number is read past its record), so they do not wait for
     * the journal each.
     */
    private MongoClient bookkeeping;
    private MongoGridFsClient gridFs;
    private EmbeddedMongo embedded;
    private DatabaseHealth health;
    private final InFlight inFlight = new InFlight();
    private RoomRecords records;

    /**
     * Completes once the consumers are registered, whether or not the database answers yet: until it does, and
     * whenever it stops, they answer UNAVAILABLE at once, and {@link DatabaseHealth} keeps trying, for as long as it
     * takes, logging where it waits.
     */
    @Override
    public Future<?> start() {
        return connectionString()
            .compose(this::connect)
            .compose(v -> vertx.fileSystem().mkdirs(imageCache().toString()))
            .compose(v -> registerConsumers())
            .onSuccess(v -> health.watch(this::prepare))
            .onSuccess(v -> countRoomsAndPeople());
    }

    /** What the store needs of the database once, before it serves: its indexes. */
    private Future<Void> prepare() {
        return createIndexes();
    }

    /**
     * Closes the clients once the commands they carry are done and the rooms' records are raised (within
     * shutdown.drainMs), none cut half way.
     */
    @Override
    public Future<?> stop() {
        boolean answering = health != null && health.isUp();
        Future<Void> settled = Future.join(health == null ? Future.succeededFuture() : health.stop(), inFlight.idle())
            .<Void>mapEmpty()
            .otherwiseEmpty()
            // the rooms' records catch up with the last second's messages, if the database answered when the stop began
            .compose(v -> records == null || !answering ? Future.succeededFuture() : records.flush())
            .timeout(Setting.SHUTDOWN_DRAIN_MS.intIn(config()), TimeUnit.MILLISECONDS)
            .otherwiseEmpty();
        Future<Void> closed = settled.compose(v -> Future.all(close(mongo), close(bookkeeping))).mapEmpty();
        return closed.compose(v -> embedded == null ? Future.succeededFuture()
            : vertx.executeBlocking(() -> {
                embedded.stop();
                log.info("embedded MongoDB stopped ({})", embedded.description());
                return null;
            }));
    }

    private Future<String> connectionString() {
        String configured = Setting.MONGO_CONNECTION_STRING.textIn(config());
        if (!configured.isBlank()) {
            log.info("using MongoDB at the configured connection string");
            return Future.succeededFuture(configured);
        }
        return vertx.executeBlocking(() -> {
            embedded = EmbeddedMongo.fromConfig(config());
            String address = embedded.startOnConfiguredPort(config());
            log.info("embedded MongoDB started at {} ({})", address, embedded.description());
            return address;
        });
    }

    private Future<Void> connect(String configured) {
        int timeoutMs = Setting.MONGO_TIMEOUT_MS.intIn(config());
        String connectionString = ConnectionStrings.withTimeouts(configured, timeoutMs);
        JsonObject settings = new JsonObject()
            .put("connection_string", connectionString)
            .put("db_name", Setting.MONGO_DB_NAME.textIn(config()));
        mongo = MongoClient.createShared(vertx, ConnectionStrings.journaled(settings, connectionString), JOURNALED_POOL);
        bookkeeping = MongoClient.createShared(vertx, settings, BOOKKEEPING_POOL);
        health = new DatabaseHealth(vertx, bookkeeping, ConnectionStrings.hosts(connectionString),
            Setting.MONGO_CHECK_INTERVAL_MS.intIn(config()), timeoutMs);
        return mongo.createDefaultGridFsBucketService().map(bucket -> {
            gridFs = bucket;
            return null;
        });
    }


    private static Future<Void> close(MongoClient client) {
        return client == null ? Future.succeededFuture() : client.close();
    }

    private Future<Void> createIndexes() {
        return Future.all(List.of(
            mongo.createIndex(MESSAGES, new JsonObject().put("roomId", 1).put("seq", -1)),
            mongo.createIndex(ROOMS, new JsonObject().put("memberCount", 1).put("emptySince", 1)),
            mongo.createIndex(MEMBERS, new JsonObject().put("roomId", 1)),
            mongo.createIndex(MEMBERS, new JsonObject().put("conns.node", 1)),
            mongo.createIndex(MEMBERS, new JsonObject().put("address", 1)),
            ImageFiles.createIndex(mongo)
        )).mapEmpty();
    }

    private Future<?> registerConsumers() {
        EventBus bus = vertx.eventBus();
        ImageFiles images = new ImageFiles(vertx, mongo, gridFs, imageCache());
        // bans are written by hand and rarely: they wait for the journal like the rooms
        Bans bans = new Bans(mongo);
        Presence presence = new Presence(bookkeeping, bans);
        RoomNumbers numbers = new RoomNumbers(mongo);
        Messages messages = new Messages(mongo, bookkeeping, images, numbers);
        records = new RoomRecords(bookkeeping, new GoneRooms(bookkeeping, numbers, messages, images)::sweep);
        vertx.setPeriodic(RoomRecords.EVERY_MS, id -> {
            if (health.isUp()) {
                records.flush();
            }
        });
        MessageGroups groups = new MessageGroups(mongo, numbers, records);
        Rooms rooms = new Rooms(mongo, images, presence, messages, numbers, records);
        Nodes nodes = new Nodes(bookkeeping);
        Overview overview = new Overview(mongo);
        // local: every node has its own store on the same database, and judges that database's health for itself
        return Future.all(List.of(
            Bus.serveLocally(bus, STORE_HEALTH, request -> Future.succeededFuture(
                new JsonObject().put("up", health.isUp()).put("where", health.where()))),
            Bus.serveLocally(bus, STORE_IDLE, request -> inFlight.idle().map(new JsonObject())),
            serve(STORE_TICKET_SECRET, new StoredSecrets(mongo)::ticketSecret),
            serve(STORE_ROOM_INSERT, rooms::insert),
            serve(STORE_ROOM_FIND, rooms::find),
            serve(STORE_ROOM_LIST, rooms::list),
            serve(STORE_ROOM_OVERVIEW, overview::rooms),
            serve(STORE_STATS, overview::stats),
            serve(STORE_ROOM_DELETE, rooms::delete),
            serve(STORE_ROOM_REAP, rooms::reap),
            serve(STORE_PRESENCE_ADD, presence::add),
            serve(STORE_PRESENCE_REMOVE, presence::remove),
            serve(STORE_PRESENCE_LIST, presence::list),
            serve(STORE_NODE_BEAT, nodes::beat),
            serve(STORE_NODE_SWEEP, nodes::sweep),
            serve(STORE_NODE_FORGET, nodes::forget),
            serve(STORE_MESSAGE_APPEND, groups::append),
            serve(STORE_MESSAGE_PAGE, messages::page),
            serve(STORE_MESSAGE_DELETE, messages::delete),
            serve(STORE_MESSAGE_PURGE, messages::purge),
            serve(STORE_PRESENCE_KICK, presence::kick),
            serve(STORE_BAN_PUT, bans::put),
            serve(STORE_BAN_REMOVE, bans::remove),
            serve(STORE_BAN_LIST, bans::list),
            serve(STORE_BAN_CHECK, bans::check),
            serve(STORE_ROOM_SLOWMODE, rooms::slowMode),
            serve(STORE_GIF_PUT, images::put),
            serve(STORE_GIF_FETCH, images::fetch),
            serve(STORE_GIF_DELETE, images::delete)));
    }

    /** Serves a store address on this node, refused at once while the database does not answer, and timed. */
    private Future<Void> serve(String address, Function<JsonObject, Future<JsonObject>> handler) {
        Timer latency = AppMetrics.timer("store.commands", "store requests, from arrival to answer", LATENCY_BUCKETS, "address", address);
        return Bus.serveLocally(vertx.eventBus(), address, request -> {
            long start = System.nanoTime();
            Future<JsonObject> answer = health.guard(() -> handler.apply(request));
            inFlight.begin();
            return answer.onComplete(done -> {
                inFlight.end();
                latency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            });
        });
    }

    /** Rooms open and people in them, for the metrics: counted every little while, not per scrape. */
    private void countRoomsAndPeople() {
        AtomicLong rooms = AppMetrics.gauge("rooms", "rooms open, on the whole deployment");
        AtomicLong people = AppMetrics.gauge("people", "people in rooms, on the whole deployment");
        vertx.setPeriodic(COUNT_EVERY_MS, id -> {
            if (health.isUp()) {
                mongo.count(ROOMS, new JsonObject()).onSuccess(rooms::set);
                bookkeeping.count(MEMBERS, new JsonObject()).onSuccess(people::set);
            }
        });
    }

    private Path imageCache() {
        return Path.of(Setting.DATA_DIR.textIn(config()), Setting.IMAGE_CACHE_FOLDER);
    }
}
