package com.gifchat.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load benchmark of docs/PERFORMANCE.md. Each scenario prints its own Markdown table. Servers are started here,
 * gif-chat on its embedded default and, for the fan-out and write-path scenarios, the stock bridge alone too; unless
 * {@code --url} names a gif-chat already running, whose process figures are then not measured. A scenario's servers
 * run for all its cells. Before the fan-out, write-path and many-rooms cells, each server first carries messages for
 * {@code --warm-up} seconds, uncounted, so that cells compare servers whose JIT has compiled the message path, as on a
 * server that has been up for a while; 0 measures fresh processes. {@code --rounds} runs each fan-out cell that many
 * times, bare bridge and gif-chat back to back (the typing scenario: each way of typing), so that the median of their
 * CPU ratio shows through the machine's noise. The {@code cluster} scenario, run only when named, is the many-rooms
 * cell on {@code --nodes} clustered nodes sharing a database process, each room's people spread over the nodes.
 *
 * <pre>
 * scripts/bench.sh [--scenarios fanout,write,join,idle,start,rooms,attack,typing,cluster] [--people 10,100,500,1000]
 *                  [--rates 10,100,500] [--seconds 5] [--storm 1000] [--idle 1000] [--starts 10] [--rooms 200]
 *                  [--storage file|memory|process] [--warm-up 60] [--rounds 1] [--attacks flood,bad-frames,guesses]
 *                  [--limits packaged,off] [--nodes 3] [--url http://host:8080]
 * </pre>
 */
public final class Benchmark {

    private static final Pattern REALTIME_PORT = Pattern.compile("data-realtime-port=\"(\\d+)\"");
    private static final int GENERATOR_EVENT_LOOPS = 2;
    private static final int PEOPLE_PER_ROOM = 5;
    private static final int MANY_ROOMS_RATE = 2;
    private static final int MANY_ROOMS_SECONDS = 10;
    private static final String STORAGE_PROCESS = "process";
    /** Each phase of the attack scenario: long enough for a p99 of a few hundred round trips. */
    private static final int ATTACK_SECONDS = 20;
    /** The typing scenario's room: the fan-out's middle size, at a quiet and a busy rate. */
    private static final int TYPING_PEOPLE = 100;
    private static final List<Integer> TYPING_RATES = List.of(10, 100);
    private static final int TYPING_SECONDS = 10;

    private final Options options;
    private final Crowd crowd = new Crowd(GENERATOR_EVENT_LOOPS);

    private Benchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        CommandLine line = Options.commandLine();
        Options options;
        try {
            options = Options.parse(line, args);
        } catch (IllegalArgumentException e) {
            System.err.println("scripts/bench.sh: " + e.getMessage() + " (see 'scripts/bench.sh --help')");
            System.exit(2);
            return;
        }
        if (line.isUsageHelpRequested()) {
            line.usage(System.out);
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
            try (Server bare = Server.start(Server.Kind.BARE, options.serverSettings())) {
                System.out.println(new IdleMemory(crowd).arrivingRow(bare, options.idle));
            }
            try (Server server = gifChat()) {
                System.out.println(new IdleMemory(crowd).arrivingRow(server, options.idle));
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
        if (options.runs("attack") && options.url == null) {
            section("(g) Bystanders under attack", UnderAttack.HEADER);
            int seconds = Math.max(options.seconds, ATTACK_SECONDS);
            UnderAttack scenario = new UnderAttack(crowd, options.attacks);
            if (options.limits.contains("packaged")) {
                scenario.rows("packaged", UnderAttack.packagedLimits(), seconds).forEach(System.out::println);
            }
            if (options.limits.contains("off")) {
                scenario.rows("off", Map.of(), seconds).forEach(System.out::println);
            }
        }
        if (options.runs("typing") && options.url == null) {
            section("(h) What the typing indicator costs", TypingCost.HEADER);
            try (Server server = gifChat()) {
                warmUp(server);
                for (int rate : TYPING_RATES) {
                    new TypingCost(crowd).rows(server, new FanOut.Shape(1, TYPING_PEOPLE, 1, rate,
                        Math.max(options.seconds, TYPING_SECONDS)), options.rounds).forEach(System.out::println);
                }
            }
        }
        if (options.runs("cluster") && options.url == null) {
            section("(i) Many rooms on a " + options.nodes + "-node cluster", FanOut.HEADER);
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
        List<String> threads = new ArrayList<>();
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
                        threads.add(bareCell.threadsRow());
                    }
                    threads.add(cell.threadsRow());
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
        threads.removeIf(String::isEmpty);
        if (!threads.isEmpty()) {
            System.out.println();
            System.out.println("Server CPU per delivery by kind of thread, µs (the kernel's per-thread counters):");
            System.out.println();
            System.out.println(FanOut.THREADS_HEADER);
            threads.forEach(System.out::println);
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
                   int starts, int rooms, int warmUpSeconds, int rounds, String url, String storage,
                   Set<UnderAttack.Attack> attacks, Set<String> limits, int nodes) {

        static Options parse(String[] args) {
            return parse(commandLine(), args);
        }

        /** scripts/bench.sh's command line; picocli writes its --help from {@link Arguments}. */
        static CommandLine commandLine() {
            return new CommandLine(new Arguments());
        }

        /** What {@code line} reads from {@code args}; anything it cannot use is refused with the reason, by name. */
        static Options parse(CommandLine line, String[] args) {
            try {
                line.parseArgs(args);
            } catch (ParameterException e) {
                boolean notANumber = e.getCause() instanceof TypeConversionException && e.getArgSpec() instanceof OptionSpec;
                throw new IllegalArgumentException(notANumber
                    ? ((OptionSpec) e.getArgSpec()).longestName() + " " + e.getCause().getMessage() : e.getMessage(), e);
            }
            Arguments given = line.getCommand();
            return new Options(Set.copyOf(given.scenarios), List.copyOf(given.people), List.copyOf(given.rates),
                given.seconds, given.storm, given.idle, given.starts, given.rooms, given.warmUpSeconds,
                atLeastOne("--rounds", given.rounds), given.url, given.storage, attacks(given.attacks),
                oneOf("--limits", given.limits, Set.of("packaged", "off")), atLeastOne("--nodes", given.nodes));
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

        /** The attack scenario's phases by name (flood, bad-frames, guesses); the quiet phase always runs first. */
        private static Set<UnderAttack.Attack> attacks(Set<String> names) {
            Set<UnderAttack.Attack> attacks = EnumSet.of(UnderAttack.Attack.QUIET);
            for (String name : names) {
                attacks.add(Arrays.stream(UnderAttack.Attack.values())
                    .filter(attack -> attack != UnderAttack.Attack.QUIET && attack.label().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("--attacks takes flood, bad-frames or guesses, not '" + name + "'")));
            }
            return attacks;
        }

        private static Set<String> oneOf(String option, Set<String> given, Set<String> known) {
            for (String name : given) {
                if (!known.contains(name)) {
                    throw new IllegalArgumentException(option + " takes " + String.join(" or ", new TreeSet<>(known))
                        + ", not '" + name + "'");
                }
            }
            return Set.copyOf(given);
        }

        private static int atLeastOne(String option, int given) {
            if (given < 1) {
                throw new IllegalArgumentException(option + " must be at least 1, not " + given);
            }
            return given;
        }

        /** Counts, one or a comma-separated list of them. */
        static final class WholeNumber implements ITypeConverter<Integer> {
            @Override
            public Integer convert(String given) {
                try {
                    return Integer.parseInt(given.trim());
                } catch (NumberFormatException e) {
                    throw new TypeConversionException("takes whole numbers, not '" + given.trim() + "'");
                }
            }
        }

        @Command(name = "scripts/bench.sh", sortOptions = false, usageHelpWidth = 100, showDefaultValues = true,
            description = {"The load benchmark of docs/PERFORMANCE.md: each scenario prints its own Markdown table.",
                "BENCH_SERVER_OPTS adds JVM flags to the servers it starts (a profiler, say)."})
        static final class Arguments {
            @Option(names = "--scenarios", split = ",", paramLabel = "NAME", defaultValue = "fanout,write,join,idle,start,rooms,attack,typing",
                description = "the scenarios to run, of fanout, write, join, idle, start, rooms, attack, typing, cluster "
                    + "(many rooms on --nodes clustered nodes; run only when named)")
            Set<String> scenarios;
            @Option(names = "--people", split = ",", paramLabel = "N", defaultValue = "10,100,500,1000", converter = WholeNumber.class,
                description = "people in the fan-out room: a cell for each with each rate")
            List<Integer> people;
            @Option(names = "--rates", split = ",", paramLabel = "N", defaultValue = "10,100,500", converter = WholeNumber.class,
                description = "messages per second in the fan-out room")
            List<Integer> rates;
            @Option(names = "--seconds", paramLabel = "S", defaultValue = "5", converter = WholeNumber.class,
                description = "how long each fan-out and write-path cell measures (many rooms: at least 10)")
            int seconds;
            @Option(names = "--storm", paramLabel = "N", defaultValue = "1000", converter = WholeNumber.class,
                description = "people joining one room at once in the join storm")
            int storm;
            @Option(names = "--idle", paramLabel = "N", defaultValue = "1000", converter = WholeNumber.class,
                description = "idle connections whose memory is measured")
            int idle;
            @Option(names = "--starts", paramLabel = "N", defaultValue = "10", converter = WholeNumber.class,
                description = "server starts timed to the first page")
            int starts;
            @Option(names = "--rooms", paramLabel = "N", defaultValue = "200", converter = WholeNumber.class,
                description = "rooms in the many-rooms scenario")
            int rooms;
            @Option(names = "--storage", paramLabel = "file|memory|process", defaultValue = "file",
                description = "gif-chat's store: the embedded file store, memory, or the file store in a process of its own")
            String storage;
            @Option(names = "--warm-up", paramLabel = "S", defaultValue = "60", converter = WholeNumber.class,
                description = "uncounted seconds of messages each server carries before its fan-out, write-path and "
                    + "many-rooms cells (0: none)")
            int warmUpSeconds;
            @Option(names = "--rounds", paramLabel = "N", defaultValue = "1", converter = WholeNumber.class,
                description = "times each fan-out cell runs, bare bridge and gif-chat back to back (typing: each way)")
            int rounds;
            @Option(names = "--attacks", split = ",", paramLabel = "NAME", defaultValue = "flood,bad-frames,guesses",
                description = "the attack scenario's phases, after its quiet one: flood, bad-frames, guesses")
            Set<String> attacks;
            @Option(names = "--limits", split = ",", paramLabel = "NAME", defaultValue = "packaged,off",
                description = "the attack scenario's servers: with the packaged rate limits, with them off, or both")
            Set<String> limits;
            @Option(names = "--nodes", paramLabel = "N", defaultValue = "3", converter = WholeNumber.class,
                description = "clustered nodes in the cluster scenario, sharing one database process")
            int nodes;
            @Option(names = "--url", paramLabel = "URL", description = "a gif-chat already running, e.g. http://host:8080; "
                + "its process figures are then not measured")
            String url;
            @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
            boolean help;
        }
    }
}
