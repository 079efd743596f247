package com.gifchat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * scripts/build-if-stale.sh, which scripts/run.sh and the cluster scripts call first: it builds the jar when there is
 * none or when a source is newer, and only then. Run on a copy of the project's layout, with a stand-in for Maven
 * that records its arguments and writes the jar (a real build inside a build would take minutes).
 */
class BuildIfStaleTest {

    private static final Instant BUILT = Instant.parse("2026-01-01T12:00:00Z");

    @TempDir
    Path project;
    private Path jar;
    private Path mavenCalls;
    private Path bin;
    private Path tools;

    @BeforeEach
    void layOutAProject() throws IOException {
        Files.createDirectories(project.resolve("scripts"));
        Files.copy(Path.of("scripts", "build-if-stale.sh"), project.resolve("scripts/build-if-stale.sh"));
        for (String source : List.of("pom.xml", "src/main/java/App.java", "conf/config.json", "webroot/js/room.js",
            "src/main/frontend/node_modules/lib/index.js")) {
            write(project.resolve(source), "source");
            Files.setLastModifiedTime(project.resolve(source), FileTime.from(BUILT.minusSeconds(60)));
        }
        jar = project.resolve("target/gif-chat.jar");
        mavenCalls = project.resolve("maven-calls");
        bin = project.resolve("bin");
        write(bin.resolve("mvn"), "#!/bin/sh\necho \"$@\" >> '" + mavenCalls + "'\nmkdir -p target && echo jar > target/gif-chat.jar\n");
        Files.setPosixFilePermissions(bin.resolve("mvn"), PosixFilePermissions.fromString("rwxr-xr-x"));
        // this machine has a Maven: the script sees only the tools it uses, and the stand-in when a test wants one
        tools = project.resolve("tools");
        Files.createDirectories(tools);
        for (String tool : List.of("dirname", "find", "mkdir", "sh")) {
            Files.createSymbolicLink(tools.resolve(tool), Path.of("/usr/bin", tool).toFile().exists() ? Path.of("/usr/bin", tool) : Path.of("/bin", tool));
        }
    }

    @Test
    void buildsWhenThereIsNoJarYet() throws Exception {
        Result result = run(true);

        assertEquals(0, result.exitCode(), result.output());
        assertTrue(Files.exists(jar));
        assertEquals(List.of("-B -q -DskipTests package"), calls());
        assertTrue(result.output().contains("there is no target/gif-chat.jar yet"), result.output());
    }

    @Test
    void leavesAJarNewerThanEverySourceAlone() throws Exception {
        builtAt(BUILT);
        // npm rewrites node_modules at every build: that is no reason to build again
        Files.setLastModifiedTime(project.resolve("src/main/frontend/node_modules/lib/index.js"), FileTime.from(BUILT.plusSeconds(60)));

        Result result = run(true);

        assertEquals(0, result.exitCode(), result.output());
        assertEquals(List.of(), calls());
        assertEquals("", result.output());
    }

    @Test
    void buildsAgainWhenASourceChangedAfterTheJar() throws Exception {
        for (String source : List.of("pom.xml", "src/main/java/App.java", "conf/config.json", "webroot/js/room.js")) {
            builtAt(BUILT);
            Files.setLastModifiedTime(project.resolve(source), FileTime.from(BUILT.plusSeconds(10)));

            Result result = run(true);

            assertEquals(0, result.exitCode(), result.output());
            assertTrue(result.output().contains(source + " changed since target/gif-chat.jar was built"), result.output());
            Files.setLastModifiedTime(project.resolve(source), FileTime.from(BUILT.minusSeconds(60)));
        }
        assertEquals(4, calls().size());
    }

    @Test
    void withoutMavenItSaysToRunTheSetUpScript() throws Exception {
        Result result = run(false);

        assertEquals(1, result.exitCode(), result.output());
        assertTrue(result.output().contains("Maven is missing. Run scripts/setup.sh first."), result.output());
    }

    private void builtAt(Instant when) throws IOException {
        write(jar, "jar");
        Files.setLastModifiedTime(jar, FileTime.from(when));
    }

    private List<String> calls() throws IOException {
        return Files.exists(mavenCalls) ? Files.readAllLines(mavenCalls) : List.of();
    }

    private Result run(boolean withMaven) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("/bin/bash", "scripts/build-if-stale.sh").directory(project.toFile())
            .redirectErrorStream(true);
        builder.environment().put("PATH", (withMaven ? bin + ":" : "") + tools);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        return new Result(process.exitValue(), output);
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private record Result(int exitCode, String output) {
    }
}
