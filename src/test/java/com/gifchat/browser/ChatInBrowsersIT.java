package com.gifchat.browser;

import com.gifchat.support.BridgeClient;
import com.gifchat.support.HttpSession;
import com.gifchat.support.Images;
import com.gifchat.support.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import static com.gifchat.support.TestApp.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The product as people use it: real headless Chromium browsers on the real pages, the official Vert.x bridge
 * client over SockJS, the forms and the live updates, against the app on its embedded default.
 */
class ChatInBrowsersIT {

    private static final int GRACE_MS = 3000;
    private static final int MAX_UPLOAD_BYTES = 100 * 1024;

    @RegisterExtension
    static final Browsers browsers = new Browsers();

    @RegisterExtension
    static final TestApp app = TestApp.forClassOnEmbeddedDefault(new JsonObject()
        .put("rooms.emptyGraceMs", GRACE_MS)
        .put("uploads.maxBytes", MAX_UPLOAD_BYTES));
    private static Person alice;
    private static Person bob;
    private static Person carol;

    @BeforeAll
    static void start() {
        Browsers.requireChromium();
        String base = "http://127.0.0.1:" + app.httpPort();
        alice = new Person(browsers.open(), base);
        bob = new Person(browsers.open(), base);
        carol = new Person(browsers.open(), base);
    }


    @BeforeEach
    void everyoneArrivesAnew() {
        alice.arrives();
        bob.arrives();
        carol.arrives();
    }

    @Test
    void twoPeopleMeetInANewRoomChatAndPart() {
        String aliceColour = alice.name();
        String bobColour = bob.name();

        String room = alice.createRoom("Meeting point", 10, null);
        bob.roomRow(room).findElement(By.tagName("a")).click();
        bob.waitUntilInRoom();
        alice.systemNotice(bobColour + " joined");
        alice.says("hello from alice");
        WebElement seenByBob = bob.message("hello from alice");
        bob.says("hi alice");
        WebElement seenByAlice = alice.message("hi alice");
        assertTrue(seenByBob.findElement(By.className("author")).getText().contains(aliceColour));
        assertTrue(seenByAlice.findElement(By.className("author")).getText().contains(bobColour));
        alice.leaves();

        bob.systemNotice(aliceColour + " left");
    }

    @Test
    void aPrivateRoomAsksForItsPasswordAndNeverShowsIt() {
        String room = alice.createRoom("Secret society", 10, "open sesame");

        bob.opens("/room/" + room);
        bob.driver().findElement(By.id("password")).sendKeys("guess");
        bob.driver().findElement(By.cssSelector("form button[type=submit]")).click();
        bob.waitForText(By.id("password-error"), "That password is not right.");
        assertTrue(bob.driver().findElements(By.id("chat")).isEmpty(), "not admitted");
        bob.driver().findElement(By.id("password")).sendKeys("open sesame");
        bob.driver().findElement(By.cssSelector("form button[type=submit]")).click();
        bob.waitUntilInRoom();

        assertFalse(bob.driver().getCurrentUrl().contains("sesame"));
        assertFalse(bob.driver().getPageSource().contains("open sesame"));
        assertFalse(alice.driver().getPageSource().contains("open sesame"));
    }

    @Test
    void aFullRoomTurnsTheNextPersonAwayUntilSomeoneLeaves() {
        String room = alice.createRoom("Pair", 2, null);
        bob.opens("/room/" + room);
        bob.waitUntilInRoom();

        carol.opens("/room/" + room);
        carol.waitForText(By.id("notice"), "That room is full.");
        bob.leaves();
        alice.systemNotice(bob.name() + " left");
        carol.opens("/room/" + room);
        carol.waitUntilInRoom();
    }

    @Test
    void reloadingTheRoomKeepsTheRoomAndItsHistory() {
        alice.createRoom("Reload me", 10, null);
        alice.says("before the reload");

        alice.driver().navigate().refresh();
        alice.waitUntilInRoom();

        alice.message("before the reload");
        alice.says("after the reload");
        alice.message("after the reload");
    }

    @Test
    void markupInAMessageIsShownAsTextAndRunsNothing() {
        String room = alice.createRoom("Hostile input", 10, null);
        bob.opens("/room/" + room);
        bob.waitUntilInRoom();
        String image = "<img src=x onerror=\"window.pwned=1;alert(1)\">";
        String script = "<script>window.pwned=2</script>";

        alice.says(image);
        alice.says(script);

        bob.message(image);
        bob.message(script);
        for (Person person : List.of(alice, bob)) {
            assertThrows(NoAlertPresentException.class, () -> person.driver().switchTo().alert());
            assertNull(person.script("return window.pwned;"));
            assertTrue(person.driver().findElements(By.cssSelector("#messages img:not(.gif), #messages script")).isEmpty());
        }
    }

    @Test
    void enteringShowsTheLastFiftyMessagesAndLoadOlderBringsTheRestInOrder() {
        HttpSession writer = app.browser();
        String room = writer.createRoom("Long story");
        try (BridgeClient socket = app.bridge()) {
            socket.enter(room, writer.ticketFor(room));
            for (int i = 1; i <= 120; i++) {
                socket.request("chat.send", new JsonObject().put("roomId", room).put("text", "line " + i));
            }

            alice.opens("/room/" + room);
            alice.waitUntilInRoom();
            alice.message("line 120");
            assertEquals(numbered(71, 120), alice.chatTexts());
            alice.driver().findElement(By.id("load-older")).click();
            alice.message("line 21");
            alice.driver().findElement(By.id("load-older")).click();
            alice.message("line 1");

            assertEquals(numbered(1, 120), alice.chatTexts());
            assertFalse(alice.driver().findElement(By.id("load-older")).isDisplayed(), "nothing older is left");
        }
    }

    private static List<String> numbered(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "line " + i).toList();
    }

    @Test
    void aGifPickedByOnePersonAppearsForTheOtherAndBadFilesSayWhy(@org.junit.jupiter.api.io.TempDir Path files) throws IOException {
        String room = alice.createRoom("Gif party", 10, null);
        bob.opens("/room/" + room);
        bob.waitUntilInRoom();
        Path gif = write(files.resolve("dance.gif"), Images.gif(60, 40));
        Path big = write(files.resolve("big.gif"), Images.gif(8, 8).appendBuffer(Buffer.buffer(new byte[MAX_UPLOAD_BYTES])));
        Path svg = write(files.resolve("drawing.svg"), Buffer.buffer("<svg xmlns=\"http://www.w3.org/2000/svg\"/>", StandardCharsets.UTF_8.name()));

        alice.picksFile(gif);

        WebElement shown = bob.waiting().until(d -> d.findElements(By.cssSelector("#messages img.gif")).stream()
            .filter(img -> Long.valueOf(60).equals(bob.script("return arguments[0].complete ? arguments[0].naturalWidth : 0;", img)))
            .findFirst().orElse(null));
        assertEquals("40", shown.getDomAttribute("height"));
        alice.picksFile(big);
        alice.waitForText(By.id("send-error"), "That file is larger than 100 KiB.");
        alice.picksFile(svg);
        alice.waitForText(By.id("send-error"), "Only GIF, PNG, JPEG or WebP images can be sent.");
        assertEquals(1, bob.driver().findElements(By.cssSelector("#messages img.gif")).size(), "nothing else was posted");
    }

    private static Path write(Path file, Buffer content) throws IOException {
        return Files.write(file, content.getBytes());
    }

    @Test
    void aRoomClosedByAnAdministratorSendsItsPeopleBackToTheListWithANotice() {
        String room = alice.createRoom("Closing time", 10, null);

        await(app.vertx().eventBus().request("admin.rooms.close", new JsonObject().put("roomId", room)));

        alice.waitForText(By.id("notice"), "The room you were in was closed by an administrator.");
        assertTrue(alice.driver().findElements(By.cssSelector("tr[data-room-id='" + room + "']")).isEmpty());
    }

    @Test
    void theRoomListDropsARoomOnceItsLastPersonLeftAndTheGracePeriodEnded() {
        String room = alice.createRoom("Short-lived", 10, null);
        bob.roomRow(room);

        alice.leaves();

        bob.waitUntilGone(By.cssSelector("tr[data-room-id='" + room + "']"));
        assertTrue(alice.driver().findElements(By.cssSelector("tr[data-room-id='" + room + "']")).isEmpty());
    }
}
