package com.gifchat.config;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * README's configuration table is what operators read: it must name every setting with its environment variable and
 * the default conf/config.json gives, and nothing that is not a setting.
 */
class ReadmeSettingsTest {

    private static final String SECTION = "## Configuration";
    /** How the table shows an empty text default. */
    private static final String EMPTY = "empty";

    private static Map<String, Row> rows;
    private static List<String> problemsWhileReading;
    private static JsonObject defaults;

    record Row(String env, String defaultValue) {
    }

    @BeforeAll
    static void readTheTable() throws IOException {
        defaults = new JsonObject(Files.readString(Path.of("conf", "config.json"), StandardCharsets.UTF_8));
        rows = new LinkedHashMap<>();
        problemsWhileReading = new ArrayList<>();
        for (String line : configurationTable(Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8))) {
            String[] cells = Arrays.stream(line.split("\\|")).map(String::trim).toArray(String[]::new);
            // "| key | environment | default | meaning |" splits into "", key, environment, default, meaning
            if (cells.length < 5) {
                problemsWhileReading.add("a row with fewer than four columns: " + line);
                continue;
            }
            String key = unquoted(cells[1]);
            if (rows.put(key, new Row(unquoted(cells[2]), unquoted(cells[3]))) != null) {
                problemsWhileReading.add(key + " has more than one row");
            }
        }
    }

    /** The rows of the first table after the Configuration heading, without its header and separator. */
    private static List<String> configurationTable(List<String> lines) {
        int heading = lines.indexOf(SECTION);
        assertTrue(heading >= 0, "README.md has no '" + SECTION + "' section");
        List<String> table = new ArrayList<>();
        int at = heading + 1;
        while (at < lines.size() && !lines.get(at).startsWith("|")) {
            at++;
        }
        while (at < lines.size() && lines.get(at).startsWith("|")) {
            table.add(lines.get(at));
            at++;
        }
        assertTrue(table.size() > 2, "the Configuration section has no table");
        return table.subList(2, table.size());
    }

    private static String unquoted(String cell) {
        return cell.length() >= 2 && cell.startsWith("`") && cell.endsWith("`") ? cell.substring(1, cell.length() - 1) : cell;
    }

    /** conf/config.json's default as the table writes it. */
    private static String shown(Object value) {
        return value instanceof String text && text.isEmpty() ? EMPTY : String.valueOf(value);
    }

    @Test
    void theTableIsWellFormed() {
        assertEquals(List.of(), problemsWhileReading);
    }

    @Test
    void everySettingHasARowWithItsEnvironmentVariableAndDefault() {
        List<String> wrong = new ArrayList<>();
        for (Setting setting : Setting.values()) {
            Row row = rows.get(setting.key());
            if (row == null) {
                wrong.add(setting.key() + ": no row");
                continue;
            }
            if (!row.env().equals(setting.env())) {
                wrong.add(setting.key() + ": environment " + row.env() + ", but the setting reads " + setting.env());
            }
            String expected = shown(defaults.getValue(setting.key()));
            if (!row.defaultValue().equals(expected)) {
                wrong.add(setting.key() + ": default " + row.defaultValue() + ", but conf/config.json has " + expected);
            }
        }
        assertEquals(List.of(), wrong, "README.md's configuration table disagrees with Setting and conf/config.json");
    }

    @Test
    void noRowNamesASettingThatDoesNotExist() {
        Set<String> keys = Arrays.stream(Setting.values()).map(Setting::key).collect(Collectors.toSet());
        List<String> unknown = rows.keySet().stream().filter(key -> !keys.contains(key)).toList();

        assertEquals(List.of(), unknown, "rows in README.md's configuration table that name no setting");
    }
}
