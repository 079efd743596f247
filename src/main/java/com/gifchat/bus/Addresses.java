package com.gifchat.bus;

/**
 * Every event-bus address of gif-chat. docs/EVENTBUS.md documents each one; keep the two in step.
 */
public final class Addresses {

    /** Published by the rooms verticle: one room's chat and system messages. Suffix: the room id. */
    public static final String ROOM_PREFIX = "room.";
    /** Published by the rooms verticle: a room was created, changed its member count, or was removed. */
    public static final String ROOM_EVENTS = "rooms.events";

    /** Browsers (through the gateway) and /ws clients send chat text here. */
    public static final String CHAT_SEND = "chat.send";

    public static final String ROOMS_CREATE = "rooms.create";
    public static final String ROOMS_GET = "rooms.get";
    public static final String ROOMS_LIST = "rooms.list";
    public static final String ROOMS_ADMIT = "rooms.admit";
    public static final String ROOMS_DELETE = "rooms.delete";
    public static final String ROOMS_CLOSE = "rooms.close";
    public static final String ROOMS_ANNOUNCE = "rooms.announce";
    public static final String ROOMS_KICK = "rooms.kick";
    public static final String ROOMS_MESSAGE_DELETE = "rooms.messages.delete";
    public static final String ROOMS_PURGE = "rooms.messages.purge";
    /** Published by the rooms verticle to every gateway: end this person's connections to this room. */
    public static final String GATEWAY_KICK = "gateway.kick";
    /**
     * Published by the rooms verticle to its own node's gateways: this node was taken for dead and its connections
     * swept, so each socket records itself in its rooms again.
     */
    public static final String GATEWAY_REJOIN = "gateway.rejoin";
    /** Bans: the rooms verticle records or lifts one and ends the banned person's memberships; check answers REMOVED. */
    public static final String ROOMS_BAN = "rooms.bans.put";
    public static final String ROOMS_UNBAN = "rooms.bans.remove";
    public static final String ROOMS_BANS_LIST = "rooms.bans.list";
    public static final String ROOMS_BAN_CHECK = "rooms.bans.check";
    public static final String ROOMS_SLOWMODE = "rooms.slowmode";
    /** Published by the rooms verticle to every node: a room's slow mode changed ({roomId, seconds}). */
    public static final String ROOMS_SLOWMODE_CHANGED = "rooms.slowmode.changed";
    public static final String ROOMS_JOIN = "rooms.join";
    public static final String ROOMS_LEAVE = "rooms.leave";
    public static final String ROOMS_HISTORY = "rooms.history";
    /** Local only: the launcher says this node is about to stop. */
    public static final String ROOMS_NODE_STOPPING = "rooms.node.stopping";
    /** Local only: the request names an uploaded file on this node's disk. */
    public static final String ROOMS_GIF = "rooms.gif";
    /** Local only: the launcher asks this node to drain before it stops (SIGTERM); answered once it has, or gave up. */
    public static final String NODE_DRAIN = "node.drain";
    /** Published locally by the drain: pages and gateways refuse newcomers; gateways tell and then close their pages. */
    public static final String NODE_DRAINING = "node.draining";
    /** Local only: one gateway instance has told and closed all its connections. */
    public static final String NODE_GATEWAY_DRAINED = "node.gateway.drained";

    /** Local only: whether this node's store reaches the database now ({up, where}); never refused. */
    public static final String STORE_HEALTH = "store.health";
    /** Local only: answered once this node's store has no command in flight. */
    public static final String STORE_IDLE = "store.idle";
    /** Local only: the secret that signs admission tickets when none is configured, generated once per database. */
    public static final String STORE_TICKET_SECRET = "store.settings.ticketSecret";
    public static final String STORE_ROOM_INSERT = "store.rooms.insert";
    public static final String STORE_ROOM_FIND = "store.rooms.find";
    public static final String STORE_ROOM_LIST = "store.rooms.list";
    public static final String STORE_ROOM_OVERVIEW = "store.rooms.overview";
    public static final String STORE_STATS = "store.stats";
    public static final String STORE_ROOM_DELETE = "store.rooms.delete";
    public static final String STORE_ROOM_REAP = "store.rooms.reap";
    public static final String STORE_PRESENCE_ADD = "store.presence.add";
    public static final String STORE_PRESENCE_REMOVE = "store.presence.remove";
    public static final String STORE_NODE_BEAT = "store.nodes.beat";
    public static final String STORE_NODE_SWEEP = "store.nodes.sweep";
    public static final String STORE_NODE_FORGET = "store.nodes.forget";
    public static final String STORE_MESSAGE_APPEND = "store.messages.append";
    public static final String STORE_MESSAGE_PAGE = "store.messages.page";
    public static final String STORE_MESSAGE_DELETE = "store.messages.delete";
    public static final String STORE_MESSAGE_PURGE = "store.messages.purge";
    public static final String STORE_PRESENCE_KICK = "store.presence.kick";
    /** Bans across the chat ({@code bans} collection): record one (replying the memberships it hits), lift, list, check. */
    public static final String STORE_BAN_PUT = "store.bans.put";
    public static final String STORE_BAN_REMOVE = "store.bans.remove";
    public static final String STORE_BAN_LIST = "store.bans.list";
    public static final String STORE_BAN_CHECK = "store.bans.check";
    /** Sets a room's slow mode ({@code slowModeSeconds} on the room document). */
    public static final String STORE_ROOM_SLOWMODE = "store.rooms.slowmode";
    /** Local only, like the two below: requests and replies name files on this node's disk. */
    public static final String STORE_GIF_PUT = "store.gifs.put";
    public static final String STORE_GIF_FETCH = "store.gifs.fetch";
    public static final String STORE_GIF_DELETE = "store.gifs.delete";

    /** Image ids are 128 random bits, 32 lowercase hex digits, so nobody finds an image by guessing its id. */
    public static final String FILE_ID_PATTERN = "[0-9a-f]{32}";

    /** Room ids are 16 lowercase hex digits; anything else names no room. */
    public static final String ROOM_ID_PATTERN = "[0-9a-f]{16}";

    /** Room administration, for scripts and operators; never open to browsers. */
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
}
