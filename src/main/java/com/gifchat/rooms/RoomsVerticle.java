package com.gifchat.rooms;

import com.gifchat.bus.Bus;
import com.gifchat.bus.Failure;
import com.gifchat.config.Setting;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

import static com.gifchat.bus.Addresses.*;

/**
 * The room domain: creating, finding, listing and deleting rooms, and checking their passwords. It serves the rooms'
 * addresses and wires the parts that do the rest: {@link Membership}, {@link Posting} (with {@link RoomWriting}),
 * {@link History}, {@link People}, {@link Moderation}, {@link Banning}, {@link SlowMode}, {@link RoomListFeed} and
 * {@link Housekeeping}. Rooms, presence and messages live in
 * the store; what a node keeps (each room's queue of messages on their way, notice windows, recent client ids, slow
 * mode settings) is a cache or a queue that any node can rebuild, so any number of nodes agree.
 */
public class RoomsVerticle extends VerticleBase {

    private static final Logger log = LoggerFactory.getLogger(RoomsVerticle.class);
    private static final int ROOM_ID_BYTES = 8;
    /** Far more pages than rooms a cluster holds under the creation limits; keeps the store's skip bounded. */
    static final int MAX_LIST_PAGE = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private RoomRules rules;
    private Passwords passwords;
    private EventBus bus;
    private Housekeeping housekeeping;
    private PresenceNotices notices;
    private History history;
    private int listPageSize;
    private Membership membership;
    private Banning banning;
    private SlowMode slowMode;
    private Moderation moderation;

    @Override
    public Future<?> start() {
        rules = new RoomRules(Setting.ROOMS_DEFAULT_CAPACITY.intIn(config()), Setting.ROOMS_MAX_CAPACITY.intIn(config()),
            Setting.CHAT_MAX_TEXT_LENGTH.intIn(config()));
        passwords = new Passwords(vertx, "gifchat-passwords-" + config().getString(Setting.NODE_ID),
            Setting.ROOMS_PASSWORD_WORKERS.intIn(config()), Setting.ROOMS_PASSWORD_QUEUE.intIn(config()),
            Setting.ROOMS_PASSWORD_HASH_ITERATIONS.intIn(config()));
        listPageSize = Setting.ROOMS_LIST_PAGE_SIZE.intIn(config());
        notices = new PresenceNotices(vertx, Setting.PRESENCE_NOTICE_WINDOW_MS.intIn(config()));
        bus = vertx.eventBus();
        moderation = new Moderation(bus, rules, notices, this::find, this::announceRemoved);
        banning = new Banning(bus, moderation::kick);
        slowMode = new SlowMode(bus, Setting.CHAT_SLOW_MODE_MAX_SENDERS.intIn(config()));
        history = new History(bus, Setting.CHAT_HISTORY_PAGE_SIZE.intIn(config()), Setting.CHAT_HISTORY_MAX_PAGE_SIZE.intIn(config()));
        People people = new People(bus, this::find, Setting.ROOMS_MAX_CAPACITY.intIn(config()));
        membership = new Membership(bus, notices, Setting.ROOMS_MAX_PEOPLE_PER_ADDRESS.intIn(config()));
        RoomOwners owners = RoomOwners.of(vertx);
        RoomWriting writing = new RoomWriting(bus, owners,
            new MessageWriter(bus, Setting.CHAT_MAX_QUEUED_MESSAGES.intIn(config()), owners::changes)::append);
        Posting posting = new Posting(bus, rules, slowMode, banning, writing, this::findWithMember);
        RoomListFeed listFeed = new RoomListFeed(vertx, Setting.ROOMS_LIST_UPDATE_MS.intIn(config()),
            Setting.ROOMS_LIST_UPDATE_MAX_ROOMS.intIn(config()));
        // this node's writer is registered and the owners read before any message is taken, so that no room is
        // written here only because the owners were not known yet
        Future<Void> served = writing.serve().compose(v -> owners.start(vertx)).compose(v -> Future.all(List.of(
                listFeed.start(),
                Bus.serveLocally(bus, ROOMS_CREATE, this::create),
                Bus.serveLocally(bus, ROOMS_GET, this::get),
                Bus.serveLocally(bus, ROOMS_LIST, this::list),
                Bus.serveLocally(bus, ROOMS_ADMIT, this::admit),
                Bus.serveLocally(bus, ROOMS_DELETE, this::delete),
                Bus.serveLocally(bus, ROOMS_CLOSE, moderation::closeByAdmin),
                Bus.serveLocally(bus, ROOMS_ANNOUNCE, moderation::announce),
                Bus.serveLocally(bus, ROOMS_KICK, moderation::kick),
                Bus.serveLocally(bus, ROOMS_MESSAGE_DELETE, moderation::deleteMessage),
                Bus.serveLocally(bus, ROOMS_PURGE, moderation::purge),
                Bus.serveLocally(bus, ROOMS_BAN, banning::ban),
                Bus.serveLocally(bus, ROOMS_UNBAN, banning::unban),
                Bus.serveLocally(bus, ROOMS_BANS_LIST, banning::list),
                Bus.serveLocally(bus, ROOMS_BAN_CHECK, banning::check),
                Bus.serveLocally(bus, ROOMS_SLOWMODE, slowMode::set),
                // cluster-wide: every node caches slow mode, so every node must hear of a change
                bus.<JsonObject>consumer(ROOMS_SLOWMODE_CHANGED, event -> slowMode.changed(event.body())).completion(),
                Bus.serveLocally(bus, ROOMS_JOIN, membership::join),
                Bus.serveLocally(bus, ROOMS_LEAVE, membership::leave),
                Bus.serveLocally(bus, ROOMS_HISTORY, this::history),
                Bus.serveLocally(bus, ROOMS_PEOPLE, people::list),
                bus.<JsonObject>localConsumer(CHAT_TYPING, signal -> people.typing(signal.body())).completion(),
                // a message is checked on the node whose gateway accepted it, then written by its room's owner
                Bus.serveLocally(bus, CHAT_SEND, posting::text),
                bus.<JsonObject>localConsumer(NODE_DRAINING, draining -> writing.stopOwning()).completion(),
                Bus.serveLocally(bus, ROOMS_GIF, posting::image),
                Bus.serveLocally(bus, ROOMS_NODE_STOPPING, this::stopping)))
            .mapEmpty());
        return served.onSuccess(v -> housekeeping = new Housekeeping(vertx, config(), membership::leave, this::announceRemoved));
    }

    /** This node is going away: its people leave their rooms now, not when its heartbeat is missed. */
    private Future<JsonObject> stopping(JsonObject request) {
        return housekeeping.stopping()
            .onSuccess(left -> log.info("this node's {} connection(s) left their rooms before it stopped", left))
            // notices waiting for their window would otherwise go down with this node
            .onComplete(done -> notices.publishWaiting())
            .map(new JsonObject());
    }

    private Future<JsonObject> create(JsonObject request) {
        Object owner = request.getValue("owner");
        if (!(owner instanceof JsonObject person) || person.getString("id") == null || person.getString("colour") == null) {
            return Failure.BAD_INPUT.future("A room needs an owner {id, colour}.");
        }
        return banning.check(person.getString("id"), request.getString("address"))
            .compose(v -> rules.newRoom(request))
            .compose(room -> hashIfGiven(room.getString("password")).map(hash -> new JsonObject()
                .put("id", newRoomId())
                .put("title", room.getString("title"))
                .put("capacity", room.getInteger("capacity"))
                .put("passwordHash", hash)
                .put("owner", new JsonObject().put("id", person.getString("id")).put("colour", person.getString("colour")))
                .put("createdAt", now())))
            .compose(room -> store(STORE_ROOM_INSERT, room))
            .map(stored -> RoomViews.room(stored.getJsonObject("room")))
            .onSuccess(room -> {
                log.info("room {} created (capacity {}, {})", room.getString("id"), room.getInteger("capacity"),
                    room.getBoolean("private") ? "private" : "public");
                bus.publish(ROOM_CHANGES, RoomViews.event(RoomViews.CREATED, room));
            })
            .map(room -> new JsonObject().put("room", room));
    }

    private Future<String> hashIfGiven(String password) {
        return password == null ? Future.succeededFuture(null) : passwords.hash(password);
    }

    /** One room as the public sees it, plus whether the asking person owns it or is in it now. */
    private Future<JsonObject> get(JsonObject request) {
        String userId = request.getString("userId", "");
        return findWithMember(request.getString("id"), userId).map(found -> new JsonObject()
            .put("room", RoomViews.room(found.getJsonObject("room")))
            .put("owner", userId.equals(found.getJsonObject("room").getJsonObject("owner").getString("id")))
            .put("member", found.getBoolean("member")));
    }

    /**
     * One page of the room list, newest first: at most {@code rooms.listPageSize} rooms, so that a list of thousands
     * never weighs megabytes. {@code hasMore} tells whether an older page follows.
     */
    private Future<JsonObject> list(JsonObject request) {
        Object pageValue = request.getValue("page", 1);
        if (!(pageValue instanceof Integer page) || page < 1 || page > MAX_LIST_PAGE) {
            return Failure.BAD_INPUT.future("'page' must be a whole number from 1 to " + MAX_LIST_PAGE + ".");
        }
        // one more than a page tells whether another follows
        JsonObject window = new JsonObject().put("skip", (page - 1) * listPageSize).put("limit", listPageSize + 1);
        return store(STORE_ROOM_LIST, window).map(reply -> {
            JsonArray found = reply.getJsonArray("rooms");
            return new JsonObject()
                .put("rooms", new JsonArray(found.stream().limit(listPageSize).map(room -> RoomViews.room((JsonObject) room)).toList()))
                .put("page", page)
                .put("pageSize", listPageSize)
                .put("hasMore", found.size() > listPageSize);
        });
    }

    /** Checks a private room's password; a public room admits everybody. */
    private Future<JsonObject> admit(JsonObject request) {
        Object password = request.getValue("password");
        return find(request.getString("id")).compose(room -> {
            String hash = room.getString("passwordHash");
            if (hash == null) {
                return Future.succeededFuture(new JsonObject());
            }
            if (!(password instanceof String given) || given.isEmpty()) {
                return Failure.WRONG_PASSWORD.future("Enter the room's password.");
            }
            return passwords.matches(hash, given).compose(ok -> ok ? Future.succeededFuture(new JsonObject())
                : Failure.WRONG_PASSWORD.future("That password is not right."));
        });
    }

    private Future<JsonObject> delete(JsonObject request) {
        String id = request.getString("id");
        return find(id)
            .compose(room -> room.getJsonObject("owner").getString("id").equals(request.getString("userId"))
                ? moderation.close(id, RoomViews.BY_OWNER)
                : Failure.NOT_OWNER.future("Only the person who created this room can delete it."));
    }

    private Future<JsonObject> history(JsonObject request) {
        return find(request.getString("roomId")).compose(room -> history.page(request));
    }

    private void announceRemoved(String roomId) {
        bus.publish(ROOM_CHANGES, new JsonObject().put("type", RoomViews.REMOVED).put("room", new JsonObject().put("id", roomId)));
    }

    private Future<JsonObject> find(String id) {
        return findWithMember(id, null).map(reply -> reply.getJsonObject("room"));
    }

    /** The store's reply for room {@code id}; with a {@code memberId}, it also says whether that person is in it. */
    private Future<JsonObject> findWithMember(String id, String memberId) {
        if (!isRoomId(id)) {
            return Failure.NO_SUCH_ROOM.future("no such room");
        }
        JsonObject request = new JsonObject().put("id", id);
        return store(STORE_ROOM_FIND, memberId == null ? request : request.put("memberId", memberId));
    }

    private Future<JsonObject> store(String address, JsonObject request) {
        return Bus.requestLocally(bus, address, request);
    }

    private static String newRoomId() {
        byte[] bytes = new byte[ROOM_ID_BYTES];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static long now() {
        return System.currentTimeMillis();
    }
}
