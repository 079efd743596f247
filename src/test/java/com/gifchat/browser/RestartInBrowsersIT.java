package com.gifchat.browser;

import com.gifchat.support.AppProcess;
import com.gifchat.support.TestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chromium.ChromiumDriver;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A restart is invisible to people in a room: the app on its embedded default (file store, no secret configured) is
 * killed with kill -9 and started again on the same data folder. One person writes while the other's page is offline;
 * then both pages show every message once, in order, without a reload, and both can write again. Stopped with SIGTERM
 * instead, it drains: the pages say that the server restarts until it is back, and carry on as after a crash.
 */
class RestartInBrowsersIT {

    @RegisterExtension
    static final Browsers browsers = new Browsers();

    @TempDir
    Path work;
    private final List<AppProcess> processes = new ArrayList<>();

    @BeforeAll
    static void chromium() {
        Browsers.requireChromium();
    }

    @AfterEach
    void stop() throws IOException {
        processes.forEach(AppProcess::close);
        Path logs = Files.createDirectories(Path.of("target", "it-logs"));
        for (int i = 0; i < processes.size(); i++) {
            Files.write(logs.resolve("RestartInBrowsersIT-" + i + ".log"), processes.get(i).output());
        }
    }

    private AppProcess start(Map<String, String> env) {
        AppProcess app = AppProcess.launchJar(work, env, AppProcess.READY);
        processes.add(app);
        app.awaitReady();
        return app;
    }

    @Test
    void aKilledAndRestartedAppLeavesEveryPageInItsRoomWithEveryMessage() {
        int httpPort = TestApp.freePort();
        Map<String, String> env = Map.of("HTTP_PORT", String.valueOf(httpPort), "HTTP_HOST", "127.0.0.1",
            "REALTIME_PORT", String.valueOf(TestApp.freePort()), "DATA_DIR", work.resolve("data").toString());
        AppProcess first = start(env);
        String base = "http://127.0.0.1:" + httpPort;
        Person alice = new Person(browsers.open(), base).arrives();
        Person bob = new Person(browsers.open(), base).arrives();
        Person carol = new Person(browsers.open(), base).arrives();
        String room = alice.createRoom("Restarted under us", 5, null);
        bob.opens("/room/" + room);
        bob.waitUntilInRoom();
        alice.says("before the crash");
        bob.says("me too");
        bob.message("before the crash");
        alice.message("me too");

        ChromiumDriver bobsBrowser = (ChromiumDriver) bob.driver();
        bobsBrowser.setNetworkConditions(offline());
        first.kill();
        carol.waiting().until(ExpectedConditions.attributeToBe(By.id("live"), "data-status", "closed"));
        start(env);

        alice.waitUntilInRoom();
        alice.says("while bob was away 1");
        alice.says("while bob was away 2");
        alice.message("while bob was away 2");
        // bob's page is still trying to reconnect: it has not seen a thing since the crash
        bob.waitForText(By.id("status"), "Reconnecting");
        bobsBrowser.setNetworkConditions(new ChromiumNetworkConditions());

        bob.waitUntilInRoom();
        bob.message("while bob was away 2");
        List<String> expected = List.of("before the crash", "me too", "while bob was away 1", "while bob was away 2");
        assertEquals(expected, bob.chatTexts());
        assertEquals(expected, alice.chatTexts());
        bob.says("back again");
        alice.message("back again");
        assertEquals(room, bob.driver().getCurrentUrl().substring(bob.driver().getCurrentUrl().lastIndexOf('/') + 1));
        // the room list says it is live again, and it is: the room is listed with both people in it
        carol.waiting().until(ExpectedConditions.attributeToBe(By.id("live"), "data-status", "open"));
        assertEquals("Live: new rooms appear here as they are created.", carol.driver().findElement(By.id("live")).getText());
        carol.waiting().until(ExpectedConditions.textToBePresentInElement(carol.roomRow(room), "2 / 5"));
    }

    @Test
    void aStoppedAppTellsThePagesItRestartsAndTheyComeBackWithEveryMessageOnce() {
        int httpPort = TestApp.freePort();
        Map<String, String> env = Map.of("HTTP_PORT", String.valueOf(httpPort), "HTTP_HOST", "127.0.0.1",
            "REALTIME_PORT", String.valueOf(TestApp.freePort()), "DATA_DIR", work.resolve("data").toString());
        AppProcess first = start(env);
        String base = "http://127.0.0.1:" + httpPort;
        Person alice = new Person(browsers.open(), base).arrives();
        Person bob = new Person(browsers.open(), base).arrives();
        String room = alice.createRoom("Drained under us", 5, null);
        bob.opens("/room/" + room);
        bob.waitUntilInRoom();
        alice.says("before the restart");
        bob.message("before the restart");

        first.signal("TERM");
        // the server's notice, and then, while the page connects again, still the reason
        bob.waitForText(By.id("status"), "The server is restarting");
        assertEquals(0, first.awaitExit(), String.join("\n", first.output()));
        bob.waitForText(By.id("status"), "The server is restarting");
        start(env);

        alice.waitUntilInRoom();
        bob.waitUntilInRoom();
        alice.says("after the restart");
        bob.message("after the restart");
        bob.says("back");
        alice.message("back");
        List<String> expected = List.of("before the restart", "after the restart", "back");
        assertEquals(expected, bob.chatTexts());
        assertEquals(expected, alice.chatTexts());
    }

    private static ChromiumNetworkConditions offline() {
        ChromiumNetworkConditions conditions = new ChromiumNetworkConditions();
        conditions.setOffline(true);
        return conditions;
    }
}
