package com.gifchat.bus;

/**
 * Every event-bus address of gif-chat. Only {@link #ROOM_PREFIX room.&lt;id&gt;}, {@link #ROOM_EVENTS},
 * {@link #CHAT_SEND} and {@link #CHAT_TYPING} are open to clients (through the realtime gateway; docs/PROTOCOL.md),
 * and the {@code admin.*} addresses to operators (through the TCP admin bridge; docs/ADMIN.md). Everything else is
 * internal: only code on the event bus reaches it, and its consumers trust their callers.
 * <p>
 * <b>Requests stay on their node</b>, but one. Every node deploys every verticle on the same database, so every
 * internal request (rooms.*, chat.*, store.*, node.*) is served by a {@code localConsumer} and asked locally
 * ({@link Bus#serveLocally}, {@link Bus#requestLocally}); the exception is a room's messages, which its owner
 * node writes ({@link #ROOM_WRITER_PREFIX}), so that one writer numbers the room. What must be the same on every node is not kept in a
 * consumer: rooms, presence, messages and bans are in the database; sessions and the cluster's rate-limit buckets in
 * Hazelcast. The bridge sends clients' chat.send and chat.typing without the local-only flag; with only local
 * consumers, the bus delivers them on the bridge's own node.
 * <p>
 * <b>What crosses nodes</b>, each because those who must hear it are on every node:
 * <ul>
 * <li>{@link #ROOM_PREFIX room.&lt;id&gt;} (publish): a room's people are connected to any node;</li>
 * <li>{@link #ROOM_CHANGES} (publish): every node's room lists gather the changes;</li>
 * <li>{@link #ROOMS_SLOWMODE_CHANGED} (publish): every node enforces slow mode from its own cached setting;</li>
 * <li>{@link #GATEWAY_KICK} (publish): a kicked or banned person's sockets may be on any node;</li>
 * <li>{@link #roomWriter rooms.writer.&lt;node&gt;} (request): each room's messages are stored and published by one
 * node, its owner, so that one writer numbers the room and one publisher keeps its order; other nodes hand the
 * messages their people send to it;</li>
 * <li>{@link #ADMIN_PREFIX admin.*} (request): a cluster member asks without knowing which nodes are there, and
 * whichever node answers does the work through its own rooms and store, publishing the above.</li>
 * </ul>
 */
public final class Addresses {

    /**
     * Publish, cluster-wide: one room's chat messages and system notices (suffix: the room id). Sent by the rooms
     * verticle of whichever node handled the change; crosses nodes because the room's subscribers (bridge sockets,
     * /ws sessions) are on every node.
     */
    public static final String ROOM_PREFIX = "room.";
    /**
     * Published by each node's rooms verticle to its own node's room lists only: the rooms that were created, changed
     * their member count or were removed in the last interval, one frame per interval (see {@link #ROOM_CHANGES}).
     */
    public static final String ROOM_EVENTS = "rooms.events";
    /**
     * Published by the rooms verticle to every node: one room was created, changed its member count, or was removed.
     * Each node's rooms verticle gathers these into its own node's {@link #ROOM_EVENTS}.
     */
    public static final String ROOM_CHANGES = "rooms.changes";

    /**
     * Local, served by the rooms verticle: chat text from the bridge (stamped by BridgeChat) and /ws. Checked on
     * the node whose gateway accepted it, then stored and published by the room's writer ({@link #ROOM_WRITER_PREFIX}).
     */
    public static final String CHAT_SEND = "chat.send";
    /**
     * Served cluster-wide by each node's rooms verticle under its own node id: the messages of the rooms this node
     * owns, checked and stamped by the node that accepted them ({roomId, message}); answered with the message as
     * published. Served from when the verticle has started until the node stops, through its drain, so that a message
     * sent while the others still count a draining node as an owner is answered. See the list of what crosses nodes
     * above.
     */
    public static final String ROOM_WRITER_PREFIX = "rooms.writer.";
    /**
     * Registered cluster-wide by each node's rooms verticle, after its writer ({@link #ROOM_WRITER_PREFIX}), from when
     * it has started until it drains: the nodes choose each room's owner among the members with this registration.
     * Nothing is sent to it; a message that is, is refused.
     */
    public static final String ROOM_OWNING_PREFIX = "rooms.owning.";

    /**
     * Local, served by the rooms verticle (People): a typing signal from the bridge, stamped by BridgeChat with the
     * member who sent it, at most once per chat.typingIntervalMs per connection and room; published to room.&lt;id&gt;
     * as a {@code typing} notice and never stored.
     */
    public static final String CHAT_TYPING = "chat.typing";

    /** Local, served by the rooms verticle, like every rooms.* request below: a new room (from the new-room form). */
    public static final String ROOMS_CREATE = "rooms.create";
    /** A room's view, and whether the asker owns it or is in it (pages, history, uploads, /ws join). */
    public static final String ROOMS_GET = "rooms.get";
    /** One page of the room list, newest first. */
    public static final String ROOMS_LIST = "rooms.list";
    /** Checks a private room's password on the password pool. */
    public static final String ROOMS_ADMIT = "rooms.admit";
    /** The owner deletes a room (DELETE /room/{id}). */
    public static final String ROOMS_DELETE = "rooms.delete";
    /**
     * An administrator closes a room. This and the four below are requested only by AdminVerticle; what they tell
     * the people in a room goes out on room.&lt;id&gt;, and a kick also on {@link #GATEWAY_KICK}, so every node hears.
     */
    public static final String ROOMS_CLOSE = "rooms.close";
    /** An announcement to one room or every room. */
    public static final String ROOMS_ANNOUNCE = "rooms.announce";
    /** Takes a person out of a room with a cool-down, then publishes {@link #GATEWAY_KICK}. */
    public static final String ROOMS_KICK = "rooms.kick";
    /** Removes one message and publishes a {@code deleted} notice. */
    public static final String ROOMS_MESSAGE_DELETE = "rooms.messages.delete";
    /** Removes messages older than an age; publishes nothing. */
    public static final String ROOMS_PURGE = "rooms.messages.purge";
    /**
     * Publish, cluster-wide, from the rooms verticle to every gateway instance: end this person's connections to this
     * room ({roomId, userId}). Crosses nodes because the person's sockets may be on any node.
     */
    public static final String GATEWAY_KICK = "gateway.kick";
    /**
     * Publish, local, from the rooms verticle to its own node's gateways: this node was taken for dead and its
     * connections swept, so each socket records itself in its rooms again.
     */
    public static final String GATEWAY_REJOIN = "gateway.rejoin";
    /**
     * Served by the rooms verticle (Banning), requested by AdminVerticle: records a ban in the database and ends the
     * banned person's memberships, kicking them on every node.
     */
    public static final String ROOMS_BAN = "rooms.bans.put";
    /** Lifts a ban (AdminVerticle). */
    public static final String ROOMS_UNBAN = "rooms.bans.remove";
    /** The bans in force (AdminVerticle). */
    public static final String ROOMS_BANS_LIST = "rooms.bans.list";
    /** Whether a person or address is banned; fails with REMOVED (uploads check it before decoding). */
    public static final String ROOMS_BAN_CHECK = "rooms.bans.check";
    /** Requested by AdminVerticle: stores a room's slow mode, then publishes the change below to every node. */
    public static final String ROOMS_SLOWMODE = "rooms.slowmode";
    /**
     * Publish, cluster-wide, to every node's rooms verticle: a room's slow mode changed ({roomId, seconds}). Crosses
     * nodes because each node enforces slow mode from its own cached setting.
     */
    public static final String ROOMS_SLOWMODE_CHANGED = "rooms.slowmode.changed";
    /** A bridge socket or /ws session enters a room (capacity, bans, joined notice), on its gateway's node. */
    public static final String ROOMS_JOIN = "rooms.join";
    /** A connection leaves a room (gateways, and the sweep of dead nodes' connections). */
    public static final String ROOMS_LEAVE = "rooms.leave";
    /** A page of a room's history (HTTP API, /ws). */
    public static final String ROOMS_HISTORY = "rooms.history";
    /** Who is in a room now, oldest member first (GET /api/rooms/{id}/people). */
    public static final String ROOMS_PEOPLE = "rooms.people";
    /** Local: the launcher says this node is about to stop, so its people leave at once. */
    public static final String ROOMS_NODE_STOPPING = "rooms.node.stopping";
    /** Local: an image message; the request names an uploaded file on this node's disk. */
    public static final String ROOMS_GIF = "rooms.gif";
    /** Local only: the launcher asks this node to drain before it stops (SIGTERM); answered once it has, or gave up. */
    public static final String NODE_DRAIN = "node.drain";
    /** Published locally by the drain: pages and gateways refuse newcomers; gateways tell and then close their pages. */
    public static final String NODE_DRAINING = "node.draining";
    /** Local only: one gateway instance has told and closed all its connections. */
    public static final String NODE_GATEWAY_DRAINED = "node.gateway.drained";

    /**
     * Local, served by StoreVerticle, like every store.* address: whether this node's store reaches the database now
     * ({up, where}); never refused. Every node's store talks to the same database and judges its health itself, so
     * no store request needs another node.
     */
    public static final String STORE_HEALTH = "store.health";
    /** Local only: answered once this node's store has no command in flight. */
    public static final String STORE_IDLE = "store.idle";
    /** Local only: the secret that signs admission tickets when none is configured, generated once per database. */
    public static final String STORE_TICKET_SECRET = "store.settings.ticketSecret";
    /** Inserts a room document (rooms verticle). */
    public static final String STORE_ROOM_INSERT = "store.rooms.insert";
    /** A room document, and with memberId whether that person is in it now. */
    public static final String STORE_ROOM_FIND = "store.rooms.find";
    /** A window of room documents, newest first. */
    public static final String STORE_ROOM_LIST = "store.rooms.list";
    /** Rooms with message counts and, for one room, its members (AdminVerticle). */
    public static final String STORE_ROOM_OVERVIEW = "store.rooms.overview";
    /** Nodes, connections per node, rooms and messages (AdminVerticle). */
    public static final String STORE_STATS = "store.stats";
    /**
     * Removes a room with its members, messages and images: messages by id up to the room's last number, 100 to a
     * command, and the ids above it until a command removes none (a batch stored as the room went).
     */
    public static final String STORE_ROOM_DELETE = "store.rooms.delete";
    /** Removes rooms empty since before a time, and finishes recorded removals (the reaper). */
    public static final String STORE_ROOM_REAP = "store.rooms.reap";
    /** Adds a connection to a room, taking a place when it makes a new member; refuses full rooms and bans. */
    public static final String STORE_PRESENCE_ADD = "store.presence.add";
    /** Removes a connection; replies whether its person left the room. */
    public static final String STORE_PRESENCE_REMOVE = "store.presence.remove";
    /** A room's members, oldest first, colours only: {roomId, limit} to {people: [{colour}]}. */
    public static final String STORE_PRESENCE_LIST = "store.presence.list";
    /** Records this node's heartbeat. */
    public static final String STORE_NODE_BEAT = "store.nodes.beat";
    /** Forgets silent nodes and lists the connections of nodes that are not alive. */
    public static final String STORE_NODE_SWEEP = "store.nodes.sweep";
    /** Removes this node's heartbeat as it stops. */
    public static final String STORE_NODE_FORGET = "store.nodes.forget";
    /**
     * Numbers and stores a batch of one room's messages, journaled; replies once all are stored. Group commit: the
     * batches of any rooms that arrive while the store's inserts are under way (two at most) go together in the next
     * one, one ordered insert and one commit. Each node numbers from each room's last number kept in memory; a number
     * another node took fails the insert with a duplicate id, and that room's messages not stored are renumbered into
     * the next group (8 such conflicts for one batch, then UNAVAILABLE); those with a client id that the other node
     * stored already are answered with its copy, their places listed in the reply's {@code copies}. A room that went
     * meanwhile: NO_SUCH_ROOM.
     */
    public static final String STORE_MESSAGE_APPEND = "store.messages.append";
    /** A page of a room's messages by number. */
    public static final String STORE_MESSAGE_PAGE = "store.messages.page";
    /** Removes one message and its image, raising its room's seq to the message's number first. */
    public static final String STORE_MESSAGE_DELETE = "store.messages.delete";
    /** Removes messages stored before a time, with their images; each room's seq is raised to the highest first. */
    public static final String STORE_MESSAGE_PURGE = "store.messages.purge";
    /** Removes a member with all their connections and bans them from the room until a time. */
    public static final String STORE_PRESENCE_KICK = "store.presence.kick";
    /** Records a ban across the chat (replying the memberships it hits). */
    public static final String STORE_BAN_PUT = "store.bans.put";
    /** Lifts a ban. */
    public static final String STORE_BAN_REMOVE = "store.bans.remove";
    /** The bans in force, expired ones removed first. */
    public static final String STORE_BAN_LIST = "store.bans.list";
    /** Whether a person or address is banned now: one look-up by primary key. */
    public static final String STORE_BAN_CHECK = "store.bans.check";
    /** Sets a room's slow mode ({@code slowModeSeconds} on the room document). */
    public static final String STORE_ROOM_SLOWMODE = "store.rooms.slowmode";
    /** Local, and requested locally: stores an uploaded file from this node's disk in GridFS. */
    public static final String STORE_GIF_PUT = "store.gifs.put";
    /** Local, requested locally: an image's path in this node's cache, copied from GridFS when needed. */
    public static final String STORE_GIF_FETCH = "store.gifs.fetch";
    /** Local, requested locally: removes an image from GridFS and this node's cache. */
    public static final String STORE_GIF_DELETE = "store.gifs.delete";

    /** Image ids are 128 random bits, 32 lowercase hex digits, so nobody finds an image by guessing its id. */
    public static final String FILE_ID_PATTERN = "[0-9a-f]{32}";

    /** Room ids are 16 lowercase hex digits; anything else names no room. */
    public static final String ROOM_ID_PATTERN = "[0-9a-f]{16}";

    /**
     * Room administration, served cluster-wide by every node's AdminVerticle, for cluster members and the TCP admin
     * bridge (docs/ADMIN.md); never open to browsers. Any node may serve a request: it does the work through its own
     * rooms and store on the shared database, and what people must hear is published to every node.
     */
    public static final String ADMIN_PREFIX = "admin.";
    public static final String ADMIN_ROOMS_LIST = "admin.rooms.list";
    public static final String ADMIN_ROOMS_SHOW = "admin.rooms.show";
    public static final String ADMIN_ROOMS_CLOSE = "admin.rooms.close";
    public static final String ADMIN_ANNOUNCE = "admin.announce";
    public static final String ADMIN_STATS = "admin.stats";
    public static final String ADMIN_KICK = "admin.kick";
    public static final String ADMIN_MESSAGES_DELETE = "admin.messages.delete";
    public static final String ADMIN_MESSAGES_PURGE = "admin.messages.purge";
    public static final String ADMIN_BAN = "admin.ban";
    public static final String ADMIN_UNBAN = "admin.unban";
    public static final String ADMIN_BANS_LIST = "admin.bans.list";
    public static final String ADMIN_ROOMS_SLOWMODE = "admin.rooms.slowmode";
    /** What the bridge lets a browser register on for a room: room. followed by a room id. */
    public static final String ROOM_ADDRESS_PATTERN = "room\\." + ROOM_ID_PATTERN;

    private Addresses() {
    }

    public static String room(String roomId) {
        return ROOM_PREFIX + roomId;
    }

    public static boolean isRoomAddress(String address) {
        return address != null && address.matches(ROOM_ADDRESS_PATTERN);
    }

    public static String roomIdOf(String roomAddress) {
        return roomAddress.substring(ROOM_PREFIX.length());
    }

    public static boolean isRoomId(String candidate) {
        return candidate != null && candidate.matches(ROOM_ID_PATTERN);
    }

    /** The address of one node's room writer ({@link #ROOM_WRITER_PREFIX}). */
    public static String roomWriter(String nodeId) {
        return ROOM_WRITER_PREFIX + nodeId;
    }

    /** The registration that makes a node a candidate owner of rooms ({@link #ROOM_OWNING_PREFIX}). */
    public static String roomOwning(String nodeId) {
        return ROOM_OWNING_PREFIX + nodeId;
    }
}
