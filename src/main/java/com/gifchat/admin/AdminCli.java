package com.gifchat.admin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static com.gifchat.bus.Addresses.*;

/**
 * scripts/admin: room administration from a shell, through the TCP admin bridge. Tables for people, --json for
 * machines; exit code 0 on success, 1 when the server refused, 2 for a bad command line, 3 when it cannot connect.
 */
public final class AdminCli {

    static final int OK = 0;
    static final int REFUSED = 1;
    static final int USAGE = 2;
    static final int UNREACHABLE = 3;

    static final String HELP = """
        usage: scripts/admin [--host HOST] [--port PORT] [--token TOKEN] [--json] COMMAND

        The token comes from --token or the ADMIN_TOKEN environment variable; host and port default to
        ADMIN_HOST / ADMIN_PORT, else 127.0.0.1:7070.

        commands:
          rooms list                                   every room: people, messages, owner, last activity
          rooms show ROOM                              one room and the people in it (with their ids)
          rooms close ROOM                             close a room: its people go back to the list
          announce [--room ROOM] TEXT...               a notice to one room, or to every room
          kick ROOM PERSON [--cooldown SECONDS]        take a person out of a room (ids from 'rooms show')
          messages delete ROOM MESSAGE                 remove one message (id "<room>-<number>")
          messages purge --older-than SECONDS [--room ROOM]
                                                       remove old messages and their images
          stats                                        nodes, connections per node, rooms, messages
        """;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    public AdminCli(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    public static void main(String[] args) {
        System.exit(new AdminCli(System.out, System.err, System.getenv()).run(args));
    }

    public int run(String[] args) {
        List<String> words = new ArrayList<>(Arrays.asList(args));
        if (words.isEmpty()) {
            err.print(HELP);
            return USAGE;
        }
        if (words.contains("--help") || words.contains("-h")) {
            out.print(HELP);
            return OK;
        }
        boolean json = words.remove("--json");
        String host;
        int port;
        String token;
        Request request;
        try {
            host = option(words, "--host", env.getOrDefault("ADMIN_HOST", "127.0.0.1"));
            port = (int) number(option(words, "--port", env.getOrDefault("ADMIN_PORT", "7070")), "--port");
            token = option(words, "--token", env.get("ADMIN_TOKEN"));
            request = parse(words);
        } catch (IllegalArgumentException e) {
            err.println("admin: " + e.getMessage() + " (see --help)");
            return USAGE;
        }
        if (token == null || token.isBlank()) {
            err.println("admin: no token: pass --token or set ADMIN_TOKEN");
            return USAGE;
        }
        try (AdminClient client = new AdminClient(host, port, token)) {
            JsonObject reply = client.request(request.address(), request.body());
            if (!"message".equals(reply.getString("type"))) {
                err.println("admin: refused" + (reply.containsKey("failureCode") ? " (" + reply.getValue("failureCode") + ")" : "")
                    + ": " + reply.getString("message"));
                return REFUSED;
            }
            JsonObject body = reply.getJsonObject("body");
            out.println(json ? body.encodePrettily() : human(request.address(), body));
            return OK;
        } catch (IOException e) {
            err.println("admin: cannot reach the admin bridge at " + host + ":" + port + ": " + e.getMessage());
            return UNREACHABLE;
        }
    }

    record Request(String address, JsonObject body) {
    }

    static Request parse(List<String> words) {
        String room = option(words, "--room", null);
        String cooldown = option(words, "--cooldown", null);
        String olderThan = option(words, "--older-than", null);
        String command = String.join(" ", words.subList(0, Math.min(2, words.size())));
        List<String> rest = words.size() > 2 ? words.subList(2, words.size()) : List.of();
        return switch (command) {
            case "rooms list" -> new Request(ADMIN_ROOMS_LIST, new JsonObject());
            case "rooms show" -> new Request(ADMIN_ROOMS_SHOW, new JsonObject().put("roomId", one(rest, "ROOM")));
            case "rooms close" -> new Request(ADMIN_ROOMS_CLOSE, new JsonObject().put("roomId", one(rest, "ROOM")));
            case "messages delete" -> new Request(ADMIN_MESSAGES_DELETE, new JsonObject()
                .put("roomId", nth(rest, 0, "ROOM")).put("messageId", nth(rest, 1, "MESSAGE")));
            case "messages purge" -> new Request(ADMIN_MESSAGES_PURGE, withRoom(new JsonObject()
                .put("olderThanSeconds", number(olderThan, "--older-than SECONDS")), room));
            default -> switch (words.isEmpty() ? "" : words.get(0)) {
                case "stats" -> new Request(ADMIN_STATS, new JsonObject());
                case "announce" -> {
                    if (words.size() < 2) {
                        throw new IllegalArgumentException("expected TEXT");
                    }
                    yield new Request(ADMIN_ANNOUNCE, withRoom(new JsonObject()
                        .put("text", String.join(" ", words.subList(1, words.size()))), room));
                }
                case "kick" -> new Request(ADMIN_KICK, new JsonObject()
                    .put("roomId", nth(words.subList(1, words.size()), 0, "ROOM"))
                    .put("userId", nth(words.subList(1, words.size()), 1, "PERSON"))
                    .put("cooldownSeconds", cooldown == null ? 0 : number(cooldown, "--cooldown SECONDS")));
                default -> throw new IllegalArgumentException("unknown command '" + String.join(" ", words) + "'");
            };
        };
    }

    private static JsonObject withRoom(JsonObject body, String room) {
        return room == null ? body : body.put("roomId", room);
    }

    private static String option(List<String> words, String name, String fallback) {
        int at = words.indexOf(name);
        if (at < 0) {
            return fallback;
        }
        if (at + 1 >= words.size()) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        String value = words.get(at + 1);
        words.subList(at, at + 2).clear();
        return value;
    }

    private static String one(List<String> rest, String what) {
        if (rest.size() != 1) {
            throw new IllegalArgumentException("expected " + what);
        }
        return rest.get(0);
    }

    private static String nth(List<String> rest, int index, String what) {
        if (rest.size() <= index) {
            throw new IllegalArgumentException("expected " + what);
        }
        return rest.get(index);
    }

    private static long number(String value, String what) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException(what + " must be a whole number");
        }
    }

    private static String human(String address, JsonObject body) {
        return switch (address) {
            case ADMIN_ROOMS_LIST -> table(body.getJsonArray("rooms"));
            case ADMIN_ROOMS_SHOW -> table(new JsonArray().add(body.getJsonObject("room"))) + "\n\n" + members(body.getJsonArray("members"));
            default -> body.isEmpty() ? "ok" : String.join("\n", body.stream().map(e -> e.getKey() + ": " + e.getValue()).toList());
        };
    }

    private static String table(JsonArray rooms) {
        StringBuilder table = new StringBuilder(String.format("%-16s  %-24s  %-7s  %-7s  %8s  %-7s  %s", "ROOM", "TITLE", "ACCESS", "PEOPLE", "MESSAGES", "OWNER", "LAST ACTIVITY"));
        rooms.stream().map(JsonObject.class::cast).forEach(room -> table.append('\n').append(String.format("%-16s  %-24s  %-7s  %-7s  %8d  %-7s  %s",
            room.getString("id"), shorten(room.getString("title")), room.getBoolean("private") ? "private" : "public",
            room.getInteger("memberCount") + "/" + room.getInteger("capacity"), room.getLong("messageCount"),
            room.getString("owner"), Instant.ofEpochMilli(room.getLong("lastActivity")))));
        return table.toString();
    }

    private static String members(JsonArray members) {
        StringBuilder table = new StringBuilder(String.format("%-32s  %-7s  %-24s  %s", "PERSON", "COLOUR", "JOINED", "CONNECTIONS (NODE)"));
        members.stream().map(JsonObject.class::cast).forEach(member -> table.append('\n').append(String.format("%-32s  %-7s  %-24s  %s",
            member.getString("id"), member.getString("colour"), Instant.ofEpochMilli(member.getLong("joinedAt")),
            String.join(", ", member.getJsonArray("connections").stream().map(JsonObject.class::cast)
                .map(conn -> conn.getString("node")).toList()))));
        return table.toString();
    }

    private static String shorten(String title) {
        return title.length() <= 24 ? title : title.substring(0, 23) + "…";
    }
}
