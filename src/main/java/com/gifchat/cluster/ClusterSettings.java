package com.gifchat.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.XmlConfigBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * The Hazelcast configuration: conf/cluster.xml (the file in the working directory, or the packaged one), with its
 * ${gifchat.cluster.*} placeholders filled from the environment. Read before Vert.x exists, so plain blocking IO.
 */
final class ClusterSettings {

    static final String FILE = "conf/cluster.xml";
    static final String HOST_ENV = "CLUSTER_HOST";
    static final String LOOPBACK = "127.0.0.1";

    /** Environment variable, the placeholder it fills, and its default. */
    private static final String[][] PLACEHOLDERS = {
        {"CLUSTER_NAME", "gifchat.cluster.name", "gif-chat"},
        {HOST_ENV, "gifchat.cluster.host", LOOPBACK},
        {"CLUSTER_PORT", "gifchat.cluster.port", "5701"},
        {"CLUSTER_MEMBERS", "gifchat.cluster.members", LOOPBACK},
    };

    private ClusterSettings() {
    }

    static Config hazelcast(Map<String, String> env) {
        Properties values = new Properties();
        for (String[] placeholder : PLACEHOLDERS) {
            values.setProperty(placeholder[1], env.getOrDefault(placeholder[0], placeholder[2]));
        }
        try (InputStream xml = open()) {
            return new XmlConfigBuilder(xml).setProperties(values).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FILE, e);
        }
    }

    static String host(Map<String, String> env) {
        return env.getOrDefault(HOST_ENV, LOOPBACK);
    }

    private static InputStream open() throws IOException {
        Path onDisk = Path.of(FILE);
        if (Files.isRegularFile(onDisk)) {
            return Files.newInputStream(onDisk);
        }
        InputStream packaged = ClusterSettings.class.getClassLoader().getResourceAsStream(FILE);
        if (packaged == null) {
            throw new IOException(FILE + " is neither in the working directory nor in the jar");
        }
        return packaged;
    }
}
