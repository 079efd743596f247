package com.gifchat.config;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The settings part of --help: every {@link Setting} with its environment variable, its default from the same
 * conf/config.json that {@link AppConfig} reads, and what a valid value looks like (the words a refusal uses).
 */
public final class SettingsHelp {

    private SettingsHelp() {
    }

    public static String text() {
        JsonObject defaults = defaults();
        int envWidth = Arrays.stream(Setting.values()).mapToInt(s -> s.env().length()).max().orElse(0);
        StringBuilder help = new StringBuilder()
            .append("\ngif-chat settings: ").append(AppConfig.CONFIG_FILE)
            .append(" (or the packaged default), then --conf '{\"key\":value}', then environment variables.\n")
            .append("LOG_FORMAT=json writes the log as JSON lines (default: text).\n\n");
        for (Setting setting : Setting.values()) {
            Object value = defaults.getValue(setting.key());
            help.append(String.format("  %-" + envWidth + "s  %s = %s%n  %" + envWidth + "s    must be %s%n",
                setting.env(), setting.key(), value == null || "".equals(value) ? "(empty)" : value, "", setting.expected()));
        }
        return help.toString();
    }

    /** The file AppConfig reads: conf/config.json in the working directory, else the copy packaged in the jar. */
    static JsonObject defaults() {
        Path onDisk = Path.of(AppConfig.CONFIG_FILE);
        try {
            if (Files.isRegularFile(onDisk)) {
                return new JsonObject(Files.readString(onDisk));
            }
            try (InputStream packaged = SettingsHelp.class.getClassLoader().getResourceAsStream(AppConfig.CONFIG_FILE)) {
                return packaged == null ? new JsonObject() : new JsonObject(new String(packaged.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
