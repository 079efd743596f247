package com.gifchat.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load benchmark of docs/PERFORMANCE.md. Each scenario prints its own Markdown table. Servers are started here,
 * gif-chat on its embedded default and, for the fan-out and write-path scenarios, the stock bridge alone too; unless
 * {@code --url} names a gif-chat already running, whose process figures are then not measured. A scenario's servers
 * run for all its cells. Before the fan-out, write-path and many-rooms cells, each server first carries messages for
 * {@code --warm-up} seconds, uncounted, so that cells compare servers whose JIT has compiled the message path, as on a
 * server that has been up for a while; 0 measures fresh processes. {@code --rounds} runs each fan-out cell that many
 * times, bare bridge and gif-chat back to back, so that the median of their CPU ratio shows through the machine's
 * noise. The {@code cluster} scenario, run only when named, is the many-rooms cell on {@code --nodes} clustered nodes
 * sharing a database process, each room's people spread over the nodes.
 *
 * <pre>
 * scripts/bench.sh [--scenarios fanout,write,join,idle,start,rooms,cluster] [--people 10,100,500,1000]
 *                  [--rates 10,100,500] [--seconds 5] [--storm 1000] [--idle 1000] [--starts 10] [--rooms 200]
 *                  [--storage file|memory|process] [--warm-up 60] [--rounds 1] [--nodes 3] [--url http://host:8080]
 * </pre>
 */
public final class Benchmark {

    private static final Pattern REALTIME_PORT = Pattern.compile("data-realtime-port=\"(\\d+)\"");
    private static final int GENERATOR_EVENT_LOOPS = 2;
    private static final int PEOPLE_PER_ROOM = 5;
    private static final int MANY_ROOMS_RATE = 2;
    private static final int MANY_ROOMS_SECONDS = 10;
    private static final String STORAGE_PROCESS = "process";

    private final Options options;
    private final Crowd crowd = new Crowd(GENERATOR_EVENT_LOOPS);

    private Benchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("scripts/bench.sh: " + e.getMessage());
            System.exit(2);
            return;
        }
        Benchmark benchmark = new Benchmark(options);
        try {
            benchmark.run();
        } finally {
            benchmark.crowd.close();
        }
    }

    void run() throws Exception {
        if (options.runs("fanout")) {
            section("(a) Fan-out in one room", FanOut.HEADER);
            List<FanOut.Shape> grid = new ArrayList<>();
            for (int people : options.people) {
                for (int rate : options.rates) {
                    grid.add(new FanOut.Shape(1, people, 1, rate, options.seconds));
                }
            }
            fanOut(grid, this::gifChat);
        }
        if (options.runs("write")) {
            section("(b) Write path: stored before acknowledged", WritePath.HEADER);
            if (options.url == null) {
                try (Server bare = Server.start(Server.Kind.BARE, options.serverSettings())) {
                    warmUp(bare);
                    System.out.println(new WritePath(crowd).row(bare, options.seconds));
                }
            }
            try (Server server = gifChat()) {
                warmUp(server);
                System.out.println(new WritePath(crowd).row(server, options.seconds));
            }
        }
        if (options.runs("join")) {
            section("(c) Join storm", JoinStorm.HEADER);
            try (Server server = gifChat()) {
                System.out.println(new JoinStorm(crowd).row(server, options.storm));
            }
        }
        if (options.runs("idle") && options.url == null) {
            section("(d) Idle memory", IdleMemory.HEADER);
            try (Server bare = Server.start(Server.Kind.BARE, options.serverSettings())) {
                System.out.println(new IdleMemory(crowd).row(bare, options.idle));
            }
            try (Server server = gifChat()) {
                System.out.println(new IdleMemory(crowd).row(server, options.idle));
            }
        }
        if (options.runs("start") && options.url == null) {
            section("(e) Start to first page", StartTime.HEADER);
            System.out.println(new StartTime(crowd).row(options.starts));
        }
        if (options.runs("rooms")) {
            section("(f) Many rooms", FanOut.HEADER);
            fanOut(List.of(manyRooms()), this::gifChat);
        }
        if (options.runs("cluster") && options.url == null) {
            section("(g) Many rooms on a " + options.nodes + "-node cluster", FanOut.HEADER);
            fanOut(List.of(manyRooms()), () -> Cluster.start(options.nodes, options.serverSettings()));
        }
    }

    private FanOut.Shape manyRooms() {
        return new FanOut.Shape(options.rooms, PEOPLE_PER_ROOM, PEOPLE_PER_ROOM, MANY_ROOMS_RATE,
            Math.max(options.seconds, MANY_ROOMS_SECONDS));
    }

    /** Starts the gif-chat a scenario measures. */
    @FunctionalInterface
    private interface Starter {
        Server start() throws Exception;
    }

    /**
     * Fan-out cells, each {@code --rounds} times against the bare bridge and then against gif-chat, followed by the
     * ratio of their CPU per delivery. Both servers run for all the cells, as a deployment would, and each (each node
     * of a cluster) is warmed up once before the first. On a cluster, the event-bus messages that crossed nodes follow.
     */
    private void fanOut(List<FanOut.Shape> shapes, Starter gifChat) throws Exception {
        Ratios ratios = new Ratios();
        List<String> crossed = new ArrayList<>();
        try (Server bare = options.url == null ? Server.start(Server.Kind.BARE, options.serverSettings()) : null;
             Server server = gifChat.start()) {
            if (bare != null) {
                warmUp(bare);
            }
            for (int node = 0; node < server.nodes(); node++) {
                warmUp(server.node(node));
            }
            for (FanOut.Shape shape : shapes) {
                for (int round = 0; round < options.rounds; round++) {
                    FanOut.Cell bareCell = bare == null ? null : printed(new FanOut(crowd).run(bare, shape));
                    FanOut.Cell cell = printed(new FanOut(crowd).run(server, shape));
                    if (bareCell != null) {
                        ratios.add(shape, bareCell, cell);
                    }
                    if (cell.crossNodePerMessage() >= 0) {
                        crossed.add(String.format(java.util.Locale.ROOT, "%.2f", cell.crossNodePerMessage()));
                    }
                }
            }
        }
        if (!crossed.isEmpty()) {
            System.out.println();
            System.out.println("Event-bus messages from one node to another, per chat message sent, each round: "
                + String.join(", ", crossed) + " (deliveries to the people of other nodes included)");
        }
        if (!ratios.isEmpty()) {
            System.out.println();
            System.out.println("Server CPU per delivery, gif-chat against the bare bridge:");
            System.out.println();
            System.out.println(Ratios.HEADER);
            ratios.rows().forEach(System.out::println);
        }
    }

    private static FanOut.Cell printed(FanOut.Cell cell) {
        System.out.println(cell.row());
        return cell;
    }

    private void warmUp(Server server) throws Exception {
        if (options.warmUpSeconds > 0) {
            new WritePath(crowd).warmUp(server, options.warmUpSeconds);
        }
    }

    private Server gifChat() throws Exception {
        if (options.url == null) {
            return options.databaseProcess()
                ? Server.startOnDatabaseProcess(options.serverSettings())
                : Server.start(Server.Kind.GIF_CHAT, options.serverSettings());
        }
        URI page = URI.create(options.url);
        int pagePort = page.getPort() < 0 ? 80 : page.getPort();
        String html = crowd.page(Server.external(page.getHost(), pagePort, 0)).get("/").send().await().bodyAsString();
        Matcher port = REALTIME_PORT.matcher(html);
        if (!port.find()) {
            throw new IllegalArgumentException("no realtime port in the page at " + options.url);
        }
        return Server.external(page.getHost(), pagePort, Integer.parseInt(port.group(1)));
    }

    private static void section(String title, String header) {
        System.out.println();
        System.out.println("### " + title);
        System.out.println();
        System.out.println(header);
    }

    record Options(Set<String> scenarios, List<Integer> people, List<Integer> rates, int seconds, int storm, int idle,
                   int starts, int rooms, int warmUpSeconds, int rounds, String url, String storage, int nodes) {

        static Options parse(String[] args) {
            Function<String, String> value = name -> {
                for (int i = 0; i + 1 < args.length; i++) {
                    if (args[i].equals(name)) {
                        return args[i + 1];
                    }
                }
                return null;
            };
            return new Options(
                Set.of(or(value.apply("--scenarios"), "fanout,write,join,idle,start,rooms").split(",")),
                numbers("--people", or(value.apply("--people"), "10,100,500,1000")),
                numbers("--rates", or(value.apply("--rates"), "10,100,500")),
                whole("--seconds", or(value.apply("--seconds"), "5")),
                whole("--storm", or(value.apply("--storm"), "1000")),
                whole("--idle", or(value.apply("--idle"), "1000")),
                whole("--starts", or(value.apply("--starts"), "10")),
                whole("--rooms", or(value.apply("--rooms"), "200")),
                whole("--warm-up", or(value.apply("--warm-up"), "60")),
                atLeastOne("--rounds", whole("--rounds", or(value.apply("--rounds"), "1"))),
                value.apply("--url"),
                or(value.apply("--storage"), "file"),
                atLeastOne("--nodes", whole("--nodes", or(value.apply("--nodes"), "3"))));
        }

        /**
         * The store to start gif-chat on: its default embedded file store, memory to see what storage costs, or
         * process for the file store in a database process of its own, as a real MongoDB would be.
         */
        Map<String, String> serverSettings() {
            return databaseProcess() ? Map.of() : Map.of("EMBEDDED_STORAGE", storage);
        }

        boolean databaseProcess() {
            return STORAGE_PROCESS.equals(storage);
        }

        boolean runs(String scenario) {
            return scenarios.contains(scenario);
        }

        private static int atLeastOne(String option, int given) {
            if (given < 1) {
                throw new IllegalArgumentException(option + " must be at least 1, not " + given);
            }
            return given;
        }

        private static String or(String given, String fallback) {
            return given == null ? fallback : given;
        }

        private static List<Integer> numbers(String option, String csv) {
            return Arrays.stream(csv.split(",")).map(String::trim).map(number -> whole(option, number)).toList();
        }

        private static int whole(String option, String given) {
            try {
                return Integer.parseInt(given);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " takes whole numbers, not '" + given + "'");
            }
        }
    }
}
