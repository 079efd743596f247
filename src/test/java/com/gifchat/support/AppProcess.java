package com.gifchat.support;

import com.gifchat.config.Setting;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The app as its own operating-system process, started the way the jar starts it (the Vert.x launcher with
 * MainVerticle), from a working directory of the test's choosing, so it can be killed like a real one.
 */
public final class AppProcess implements AutoCloseable {

    public static final String READY = "gif-chat ready";
    public static final String DATABASE_READY = "gif-chat database ready";
    private static final long START_TIMEOUT_S = 60;

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final CountDownLatch ready = new CountDownLatch(1);
    private final String readyText;

    private final Thread reader;

    private AppProcess(Process process, String readyText) {
        this.process = process;
        this.readyText = readyText;
        reader = new Thread(this::readOutput, "app-process-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** From the compiled classes, through the launcher class the jar names as its entry point. */
    public static AppProcess start(Path workingDirectory, Map<String, String> environment) {
        AppProcess app = launch(workingDirectory, environment, READY, "-cp", mainClasspath(), "com.gifchat.cluster.GifChatLauncher");
        app.awaitReady();
        return app;
    }

    /** From the compiled classes, without waiting: for starts that are meant to fail, or {@link #awaitReady()}. */
    public static AppProcess launchClasses(Path workingDirectory, Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>(List.of("-cp", mainClasspath(), "com.gifchat.cluster.GifChatLauncher"));
        command.addAll(List.of(args));
        return launch(workingDirectory, environment, READY, command.toArray(String[]::new));
    }

    /** The packaged jar (integration tests), started without waiting: call {@link #awaitReady()}. */
    public static AppProcess launchJar(Path workingDirectory, Map<String, String> environment, String readyText, String... args) {
        return launchJar(List.of(), workingDirectory, environment, readyText, args);
    }

    /** The packaged jar with options for the JVM itself (before -jar). */
    public static AppProcess launchJar(List<String> jvmOptions, Path workingDirectory, Map<String, String> environment,
                                       String readyText, String... args) {
        List<String> command = new ArrayList<>(jvmOptions);
        command.addAll(List.of("-Dhazelcast.logging.type=slf4j", "-jar", System.getProperty("gifchat.jar")));
        command.addAll(List.of(args));
        return launch(workingDirectory, environment, readyText, command.toArray(String[]::new));
    }

    private static AppProcess launch(Path workingDirectory, Map<String, String> environment, String readyText, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true);
        // test clients write at a script's pace from one address: the limits' own tests turn them on
        Arrays.stream(Setting.values()).filter(setting -> TestApp.RATE_LIMITS.contains(setting.key()))
            .forEach(setting -> builder.environment().put(setting.env(), "off"));
        builder.environment().put(Setting.ROOMS_MAX_PEOPLE_PER_ADDRESS.env(), "0");
        builder.environment().putAll(environment);
        try {
            return new AppProcess(builder.start(), readyText);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The test's classpath without the test classes, so the app logs with its own logback.xml. */
    private static String mainClasspath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(entry -> !entry.endsWith("test-classes"))
            .collect(Collectors.joining(File.pathSeparator));
    }

    private void readOutput() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                output.add(line);
                if (line.contains(readyText)) {
                    ready.countDown();
                }
            }
        } catch (IOException e) {
            output.add("(output ended: " + e.getMessage() + ")");
        }
    }

    public void awaitReady() {
        try {
            if (!ready.await(START_TIMEOUT_S, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the app did not start within " + START_TIMEOUT_S + " s:\n" + String.join("\n", output));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** kill -9: no shutdown hook, no flushing, nothing. */
    public void kill() {
        process.toHandle().destroyForcibly();
        awaitExit();
    }

    /** SIGTERM: the launcher's shutdown hook undeploys everything. */
    public int terminate() {
        // through the handle, which only signals: Process.destroy() would also close the output we still read
        process.toHandle().destroy();
        return awaitExit();
    }

    /** Waits for the process to end by itself; its exit code. */
    public int awaitExit() {
        try {
            if (!process.waitFor(START_TIMEOUT_S, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the app did not stop");
            }
            // the last lines may still be on their way from the pipe
            reader.join(TimeUnit.SECONDS.toMillis(START_TIMEOUT_S));
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Sends a signal by name (STOP, CONT…), as an operator's kill would. */
    public void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
            if (!kill.waitFor(START_TIMEOUT_S, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new AssertionError("kill -" + name + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public List<String> output() {
        return List.copyOf(output);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
