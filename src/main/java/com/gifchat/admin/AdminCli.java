package com.gifchat.admin;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import static com.gifchat.bus.Addresses.*;

/**
 * scripts/admin: room administration from a shell, through the TCP admin bridge; scripts/admin.py takes the same
 * commands and prints the same ({@link AdminOutput}). Exit codes (docs/ADMIN.md §4): 0 done, 1 refused by the
 * server, 2 a bad command line or no token, 3 no answer from the bridge.
 */
@Command(name = "scripts/admin", description = "Room administration through the TCP admin bridge (docs/ADMIN.md).",
    subcommands = {AdminCli.Rooms.class, AdminCli.Messages.class}, usageHelpWidth = 100,
    footer = {"", "commands in full:", AdminCli.COMMANDS,
        "The token comes from --token or ADMIN_TOKEN, the bridge's address from --host and",
        "--port or ADMIN_HOST and ADMIN_PORT, else 127.0.0.1:7070. Options go anywhere on the",
        "line. COMMAND --help describes one command.", "",
        "Exit codes: 0 done, 1 refused by the server, 2 a bad command line or no token,",
        "3 no answer from the bridge."})
public final class AdminCli implements Callable<Integer> {

    /** The same lines close scripts/admin.py's help. */
    static final String COMMANDS = """
          rooms list                                   every room: people, messages, owner, last activity
          rooms show ROOM                              one room and the people in it (with their ids)
          rooms close ROOM                             close a room: its people go back to the list
          announce [--room ROOM] TEXT...               a notice to one room, or to every room
          rooms slowmode ROOM SECONDS                  one message per person every SECONDS (0: off)
          kick ROOM PERSON [--cooldown SECONDS] [--address]
                                                       take a person out of a room (ids from 'rooms show');
                                                       --address keeps their address out too
          ban (--person ID | --address HASH) --seconds SECONDS [--reason TEXT]
                                                       ban from the whole chat, and out of every room
          unban (--person ID | --address HASH)         lift a ban
          bans                                         the bans in force
          messages delete ROOM MESSAGE                 remove one message (id "<room>-<number>")
          messages purge --older-than SECONDS [--room ROOM]
                                                       remove old messages and their images
          stats                                        nodes, connections per node, rooms, messages
        """;

    static final int OK = 0;
    static final int REFUSED = 1;
    static final int USAGE = 2;
    static final int UNREACHABLE = 3;

    @Spec
    CommandSpec spec;
    @Option(names = "--host", paramLabel = "HOST", scope = ScopeType.INHERIT, description = "the bridge's host (ADMIN_HOST, else 127.0.0.1)")
    String host;
    @Option(names = "--port", paramLabel = "PORT", scope = ScopeType.INHERIT, description = "the bridge's port (ADMIN_PORT, else 7070)")
    Integer port;
    @Option(names = "--token", paramLabel = "TOKEN", scope = ScopeType.INHERIT, description = "the admin token (ADMIN_TOKEN)")
    String token;
    @Option(names = "--json", scope = ScopeType.INHERIT, description = "print the reply as JSON")
    boolean json;
    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "show this help")
    boolean help;

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
        return new CommandLine(this)
            .setOut(new PrintWriter(out, true, StandardCharsets.UTF_8))
            .setErr(new PrintWriter(err, true, StandardCharsets.UTF_8))
            .setParameterExceptionHandler((problem, ignored) -> {
                err.println("admin: " + problem.getMessage() + " (see '" + problem.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
                return USAGE;
            })
            .execute(args);
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "a command is missing");
    }

    @Command(name = "announce", description = "Show a notice in one room, or in every room.")
    int announce(@Option(names = "--room", paramLabel = "ROOM", description = "only this room") String room,
                 @Parameters(arity = "1..*", paramLabel = "TEXT", description = "the notice, its words joined by spaces") List<String> text) {
        return request(ADMIN_ANNOUNCE, withRoom(new JsonObject().put("text", String.join(" ", text)), room));
    }

    @Command(name = "kick", description = "Take a person out of a room (ids from 'rooms show') and keep them out for a while.")
    int kick(@Parameters(paramLabel = "ROOM", description = "the room's id") String room,
             @Parameters(paramLabel = "PERSON", description = "the person's id") String person,
             @Option(names = "--cooldown", paramLabel = "SECONDS", defaultValue = "0", description = "how long they stay out (default 0)") long cooldown,
             @Option(names = "--address", description = "also keep out anyone from the address they were in the room from") boolean byAddress) {
        return request(ADMIN_KICK, new JsonObject().put("roomId", room).put("userId", person).put("cooldownSeconds", cooldown)
            .put("byAddress", byAddress));
    }

    @Command(name = "ban", description = "Ban a person or a client address from the whole chat for a while; they leave every room.")
    int ban(@Option(names = "--person", paramLabel = "ID", description = "the person's id (from 'rooms show')") String person,
            @Option(names = "--address", paramLabel = "HASH", description = "the client-address hash (from 'rooms show --json')") String address,
            @Option(names = "--seconds", paramLabel = "SECONDS", required = true, description = "how long the ban lasts") long seconds,
            @Option(names = "--reason", paramLabel = "TEXT", description = "why, for the list of bans") String reason) {
        JsonObject body = banned(person, address).put("seconds", seconds);
        return request(ADMIN_BAN, reason == null ? body : body.put("reason", reason));
    }

    @Command(name = "unban", description = "Lift a ban.")
    int unban(@Option(names = "--person", paramLabel = "ID", description = "the person's id") String person,
              @Option(names = "--address", paramLabel = "HASH", description = "the client-address hash") String address) {
        return request(ADMIN_UNBAN, banned(person, address));
    }

    @Command(name = "bans", description = "The bans in force, soonest to end first.")
    int bans() {
        return request(ADMIN_BANS_LIST, new JsonObject());
    }

    /** Only what was given: the server says when it is not exactly one. */
    private static JsonObject banned(String person, String address) {
        JsonObject body = new JsonObject();
        if (person != null) {
            body.put("personId", person);
        }
        return address == null ? body : body.put("addressHash", address);
    }

    @Command(name = "stats", description = "Nodes, connections per node, rooms and messages.")
    int stats() {
        return request(ADMIN_STATS, new JsonObject());
    }

    @Command(name = "rooms", description = "List, show or close rooms, or set their slow mode.")
    static final class Rooms implements Callable<Integer> {
        @ParentCommand
        AdminCli cli;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            throw new ParameterException(spec.commandLine(), "say list, show, close or slowmode");
        }

        @Command(name = "list", description = "Every room: people, messages, owner, last activity.")
        int list() {
            return cli.request(ADMIN_ROOMS_LIST, new JsonObject());
        }

        @Command(name = "show", description = "One room and the people in it, with their ids.")
        int show(@Parameters(paramLabel = "ROOM", description = "the room's id") String room) {
            return cli.request(ADMIN_ROOMS_SHOW, new JsonObject().put("roomId", room));
        }

        @Command(name = "close", description = "Close a room: its messages and images go, its people go back to the list.")
        int close(@Parameters(paramLabel = "ROOM", description = "the room's id") String room) {
            return cli.request(ADMIN_ROOMS_CLOSE, new JsonObject().put("roomId", room));
        }

        @Command(name = "slowmode", description = "Let each person send one message every SECONDS in a room; 0 turns it off.")
        int slowMode(@Parameters(paramLabel = "ROOM", description = "the room's id") String room,
                     @Parameters(paramLabel = "SECONDS", description = "seconds between one person's messages (0: off)") long seconds) {
            return cli.request(ADMIN_ROOMS_SLOWMODE, new JsonObject().put("roomId", room).put("seconds", seconds));
        }
    }

    @Command(name = "messages", description = "Delete one message or purge old ones.")
    static final class Messages implements Callable<Integer> {
        @ParentCommand
        AdminCli cli;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            throw new ParameterException(spec.commandLine(), "say delete or purge");
        }

        @Command(name = "delete", description = "Remove one message (and its image) from a room and every open page.")
        int delete(@Parameters(paramLabel = "ROOM", description = "the room's id") String room,
                   @Parameters(paramLabel = "MESSAGE", description = "the message's id, \"<room>-<number>\"") String message) {
            return cli.request(ADMIN_MESSAGES_DELETE, new JsonObject().put("roomId", room).put("messageId", message));
        }

        @Command(name = "purge", description = "Remove the messages older than an age, with their images.")
        int purge(@Option(names = "--older-than", paramLabel = "SECONDS", required = true, description = "the age") long olderThan,
                  @Option(names = "--room", paramLabel = "ROOM", description = "only this room (default: every room)") String room) {
            return cli.request(ADMIN_MESSAGES_PURGE, withRoom(new JsonObject().put("olderThanSeconds", olderThan), room));
        }
    }

    private static JsonObject withRoom(JsonObject body, String room) {
        return room == null ? body : body.put("roomId", room);
    }

    int request(String address, JsonObject body) {
        String bridgeHost = host != null ? host : env.getOrDefault("ADMIN_HOST", "127.0.0.1");
        String adminToken = token != null ? token : env.get("ADMIN_TOKEN");
        int bridgePort;
        try {
            bridgePort = port != null ? port : Integer.parseInt(env.getOrDefault("ADMIN_PORT", "7070"));
        } catch (NumberFormatException e) {
            err.println("admin: ADMIN_PORT must be a whole number (see 'scripts/admin --help')");
            return USAGE;
        }
        if (adminToken == null || adminToken.isBlank()) {
            err.println("admin: no token: pass --token or set ADMIN_TOKEN");
            return USAGE;
        }
        JsonObject reply;
        try (AdminClient client = new AdminClient(bridgeHost, bridgePort, adminToken)) {
            reply = client.request(address, body);
        } catch (IOException | DecodeException e) {
            err.println("admin: cannot reach the admin bridge at " + bridgeHost + ":" + bridgePort + ": " + e.getMessage());
            return UNREACHABLE;
        }
        if (!"message".equals(reply.getString("type"))) {
            err.println("admin: refused" + (reply.getValue("failureCode") == null ? "" : " (" + reply.getValue("failureCode") + ")")
                + ": " + reply.getValue("message"));
            return REFUSED;
        }
        JsonObject answer = reply.getJsonObject("body", new JsonObject());
        out.println(json ? AdminOutput.json(answer, "  ", "") : AdminOutput.human(address, answer));
        return OK;
    }
}
