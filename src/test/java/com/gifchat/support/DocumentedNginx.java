package com.gifchat.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A real nginx in front of a cluster, configured with the example docs/CLUSTER.md shows, as written there but for
 * what only a test may change: its upstream servers become the test's nodes, and it listens on a free loopback port
 * without TLS. Around it goes what lets nginx run from a temporary folder without root (pid file, logs and temporary
 * files in that folder). The docs' block is taken as it is, so a mistake in it fails the test.
 */
public final class DocumentedNginx implements AutoCloseable {

    private static final Path DOCS = Path.of("docs", "CLUSTER.md");
    private static final Pattern EXAMPLE = Pattern.compile("```nginx\n(.*?)```", Pattern.DOTALL);
    private static final Pattern LISTEN = Pattern.compile("listen 443 ssl;");
    private static final List<String> BINARIES = List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx");
    private static final long START_TIMEOUT_MS = 10_000;

    private final Process process;
    private final Path folder;
    private final int port;

    private DocumentedNginx(Process process, Path folder, int port) {
        this.process = process;
        this.folder = folder;
        this.port = port;
    }

    /** The nginx binary, if this machine has one (CI installs it: .ci/run). */
    public static String binary() {
        return BINARIES.stream().filter(path -> Files.isExecutable(Path.of(path))).findFirst().orElse(null);
    }

    /** Starts nginx on {@code port} with the docs' example, its upstreams being the given nodes' ports. */
    public static DocumentedNginx start(int port, List<Integer> pagePorts, List<Integer> realtimePorts) {
        try {
            Path folder = Files.createTempDirectory("gifchat-nginx",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            String example = example(port, pagePorts, realtimePorts);
            Path config = folder.resolve("nginx.conf");
            Files.writeString(config, String.join("\n",
                "daemon off;",
                "worker_processes 1;",
                "pid " + folder.resolve("nginx.pid") + ";",
                "error_log " + folder.resolve("error.log") + " info;",
                "events { worker_connections 256; }",
                "http {",
                "    access_log " + folder.resolve("access.log") + ";",
                "    client_body_temp_path " + folder.resolve("client_body") + ";",
                "    proxy_temp_path " + folder.resolve("proxy") + ";",
                "    fastcgi_temp_path " + folder.resolve("fastcgi") + ";",
                "    uwsgi_temp_path " + folder.resolve("uwsgi") + ";",
                "    scgi_temp_path " + folder.resolve("scgi") + ";",
                example,
                "}", ""));
            Process process = new ProcessBuilder(binary(), "-e", folder.resolve("error.log").toString(),
                "-p", folder.toString(), "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(folder.resolve("stdout.log").toFile()).start();
            DocumentedNginx nginx = new DocumentedNginx(process, folder, port);
            nginx.awaitListening();
            return nginx;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The docs' example with the test's upstreams and port: fails if the example no longer has what is replaced. */
    static String example(int port, List<Integer> pagePorts, List<Integer> realtimePorts) throws IOException {
        Matcher block = EXAMPLE.matcher(Files.readString(DOCS));
        if (!block.find()) {
            throw new AssertionError(DOCS + " has no ```nginx example");
        }
        String example = block.group(1);
        example = upstream(example, "gifchat_pages", pagePorts);
        example = upstream(example, "gifchat_realtime", realtimePorts);
        Matcher listen = LISTEN.matcher(example);
        if (!listen.find()) {
            throw new AssertionError(DOCS + "'s example no longer says \"listen 443 ssl;\"");
        }
        return listen.replaceFirst("listen 127.0.0.1:" + port + ";");
    }

    /** The upstream block {@code name} with its server lines replaced by the given ports, its other lines kept. */
    private static String upstream(String example, String name, List<Integer> ports) {
        Matcher upstream = Pattern.compile("(upstream " + name + " \\{\n)(.*?)(\n\\})", Pattern.DOTALL).matcher(example);
        if (!upstream.find()) {
            throw new AssertionError(DOCS + "'s example has no upstream " + name);
        }
        String kept = upstream.group(2).lines().filter(line -> !line.trim().startsWith("server ")).collect(Collectors.joining("\n"));
        String servers = ports.stream().map(port -> "    server 127.0.0.1:" + port + ";").collect(Collectors.joining("\n"));
        return example.substring(0, upstream.start()) + upstream.group(1) + (kept.isEmpty() ? "" : kept + "\n") + servers
            + upstream.group(3) + example.substring(upstream.end());
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("nginx stopped at once:\n" + log());
            }
            try (Socket probe = new Socket("127.0.0.1", port)) {
                if (probe.isConnected()) {
                    return;
                }
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
        close();
        throw new AssertionError("nginx did not listen on " + port + " within " + START_TIMEOUT_MS + " ms:\n" + log());
    }

    public int port() {
        return port;
    }

    /** nginx's error log, for a failure's message. */
    public String log() {
        try {
            Path log = folder.resolve("error.log");
            return Files.exists(log) ? Files.readString(log) : "(no error log)";
        } catch (IOException e) {
            return "(error log unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        // SIGTERM: nginx's fast shutdown, master and worker alike
        process.toHandle().destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
