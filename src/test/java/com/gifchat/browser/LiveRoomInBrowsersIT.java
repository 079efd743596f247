package com.gifchat.browser;

import com.gifchat.support.TestApp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static com.gifchat.support.TestApp.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The live room as people use it every day, in real headless Chromium: who is here, who is typing, where the reader
 * is, a hidden tab's title, a phone's width, names for every control, Korean, and refusals in words.
 */
class LiveRoomInBrowsersIT {

    /** Where the README's screenshots come from: rerun this class and copy them to docs/images. */
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @RegisterExtension
    static final Browsers browsers = new Browsers();

    @RegisterExtension
    static final TestApp app = TestApp.forClassOnEmbeddedDefault(TestApp.withoutRateLimits().put("rooms.emptyGraceMs", 3000));
    private static Person alice;
    private static Person bob;
    private static Person carol;
    private static Person minji;

    @BeforeAll
    static void start() {
        Browsers.requireChromium();
        String base = "http://127.0.0.1:" + app.httpPort();
        alice = new Person(browsers.open(), base);
        bob = new Person(browsers.open(), base);
        carol = new Person(browsers.open(), base);
        minji = new Person(browsers.open("ko-KR,ko", false), base);
    }


    @BeforeEach
    void everyoneArrivesAnew() {
        alice.arrives();
        bob.arrives();
        carol.arrives();
        minji.arrives();
    }

    @Test
    void thePeopleListShowsWhoIsHereAsTheyComeAndGoAndMarksYou() {
        String room = alice.createRoom("Who is here", 10, null);
        waitForPeople(alice, Set.of(alice.colour()));
        assertTrue(alice.driver().findElement(By.cssSelector("#people li.me")).getText().endsWith("(you)"));

        bob.opens("/room/" + room);
        bob.waitUntilInRoom();
        carol.opens("/room/" + room);
        carol.waitUntilInRoom();

        Set<String> three = Set.of(alice.colour(), bob.colour(), carol.colour());
        waitForPeople(alice, three);
        waitForPeople(carol, three);
        assertEquals(carol.colour(), carol.driver().findElement(By.cssSelector("#people li.me")).getDomAttribute("data-colour"));
        String bobInAlicesList = alice.driver().findElement(By.cssSelector("#people li[data-colour='" + bob.colour() + "']")).getText();
        assertEquals(bob.name(), bobInAlicesList, "people are named in words, not by colour alone");

        bob.leaves();

        waitForPeople(alice, Set.of(alice.colour(), carol.colour()));
        alice.waitForText(By.id("member-count"), "2");
    }

    @Test
    void typingIsShownToTheOthersNeverToTheTypistAndGoesAwayByItself() {
        String room = alice.createRoom("Typing", 10, null);
        bob.opens("/room/" + room);
        bob.waitUntilInRoom();

        alice.driver().findElement(By.id("text")).sendKeys("I am writ");

        bob.waitForText(By.id("typing"), alice.name() + " is typing…");
        assertEquals("", alice.driver().findElement(By.id("typing")).getText());
        bob.waiting().until(d -> d.findElement(By.id("typing")).getText().isEmpty());
    }

    @Test
    void aHiddenTabCountsNewMessagesInItsTitle() {
        String room = alice.createRoom("Unread", 10, null);
        bob.opens("/room/" + room);
        bob.waitUntilInRoom();
        WebDriver driver = alice.driver();
        String roomTab = driver.getWindowHandle();

        driver.switchTo().newWindow(WindowType.TAB);
        bob.says("first while away");
        bob.says("second while away");

        alice.waiting().until(d -> roomTabTitle(d, room).startsWith("(2) Unread"));
        driver.close();
        driver.switchTo().window(roomTab);
        alice.waiting().until(d -> d.getTitle().startsWith("Unread"));
    }

    @Test
    void aReaderWhoScrolledUpKeepsTheirPlaceAndIsOfferedTheNewMessages() {
        String room = alice.createRoom("Long talk", 10, null);
        bob.opens("/room/" + room);
        bob.waitUntilInRoom();
        for (int i = 1; i <= 30; i++) {
            bob.says("line " + i);
        }
        alice.message("line 30");
        alice.script("document.getElementById('messages').scrollTop = 0;");
        alice.waiting().until(d -> ((Number) alice.script("return document.getElementById('messages').scrollTop;")).intValue() == 0);

        bob.says("something new");

        alice.message("something new");
        WebElement pill = alice.waiting().until(d -> {
            WebElement shown = d.findElement(By.id("new-messages"));
            return shown.isDisplayed() ? shown : null;
        });
        assertTrue(((Number) alice.script("return document.getElementById('messages').scrollTop;")).intValue() < 40,
            "the reader stays where they were");
        pill.click();
        alice.waiting().until(d -> (Boolean) alice.script(
            "const l = document.getElementById('messages'); return l.scrollHeight - l.scrollTop - l.clientHeight <= 40;"));
        assertFalse(pill.isDisplayed());
    }

    @Test
    void nothingScrollsSidewaysOnAPhoneAndSendStaysInReach() throws IOException {
        String privateRoom = alice.createRoom("Members only", 10, "hush");
        WebDriver phone = carol.driver();
        phone.manage().window().setSize(new Dimension(360, 740));
        try {
            for (String path : List.of("/", "/room", "/room/" + privateRoom, "/no-such-page")) {
                carol.opens(path);
                assertNoSidewaysScroll(carol, path);
            }
            carol.opens("/");
            String room = carol.createRoom("A title long enough to wrap several times on any phone screen", 10, null);
            carol.says("a message with averyveryverylongwordthatdoesnotfitonanyphonescreenatallnotevenacrossthewhole width");
            assertNoSidewaysScroll(carol, "/room/" + room);
            WebElement send = phone.findElement(By.id("send"));
            long innerWidth = (Long) carol.script("return window.innerWidth;");
            assertTrue(send.getRect().getX() + send.getRect().getWidth() <= innerWidth, "Send is within the screen");
            carol.opens("/");
            carol.roomRow(room);
            assertNoSidewaysScroll(carol, "/ with rooms");
            carol.opens("/room/" + room);
            carol.waitUntilInRoom();
            carol.says("Hello from a phone");
            carol.message("Hello from a phone");
            carol.waitForText(By.id("member-count"), "1");
            carol.script("window.scrollTo(0, 0);");
            screenshot(phone, "room-phone.png");
        } finally {
            phone.manage().window().setSize(new Dimension(1280, 800));
        }
    }

    @Test
    void everyControlHasANameAndOwnersAreNamedInWords() throws IOException {
        String room = alice.createRoom("Named things", 10, null);
        bob.opens("/room/" + room);
        bob.waitUntilInRoom();
        bob.says("Hi! Anyone up for a GIF battle?");
        alice.message("Hi! Anyone up for a GIF battle?");
        alice.says("Always.");

        WebDriver driver = alice.driver();
        assertEquals("Your message", driver.findElement(By.id("text")).getAccessibleName());
        assertEquals("Send", driver.findElement(By.id("send")).getAccessibleName());
        assertEquals("Send a GIF, PNG, JPEG or WebP image", driver.findElement(By.id("gif-button")).getAccessibleName());
        assertEquals("Sound on new messages", driver.findElement(By.id("sound")).getAccessibleName());
        assertEquals("Messages", driver.findElement(By.id("messages")).getAccessibleName());
        assertEquals("log", driver.findElement(By.id("messages")).getAriaRole());
        assertEquals("People here", driver.findElement(By.cssSelector("aside.people")).getAccessibleName());
        screenshot(driver, "room-desktop.png");

        bob.opens("/");
        bob.roomRow(room);
        String aliceName = alice.name();
        // the list is redrawn once it is live: read the row as it is then
        bob.waiting().ignoring(StaleElementReferenceException.class).until(d -> d.findElement(
            By.cssSelector("tr[data-room-id='" + room + "'] td:nth-child(4)")).getText().equals(aliceName));
    }

    @Test
    void aKoreanReaderGetsTheWholeUiInKoreanAndCanSwitchToEnglish() {
        WebDriver driver = minji.driver();
        assertEquals("ko", driver.findElement(By.tagName("html")).getDomAttribute("lang"));
        assertEquals("채팅방", driver.findElement(By.tagName("h1")).getText());
        minji.waitForText(By.id("live"), "실시간");

        String room = alice.createRoom("같이 이야기해요", 10, null);
        minji.opens("/room/" + room);
        minji.waitUntilInRoom();
        minji.waitForText(By.id("status"), "방에 들어왔습니다");
        assertEquals("보낼 메시지", driver.findElement(By.id("text")).getAccessibleName());
        bob.opens("/room/" + room);
        bob.waitUntilInRoom();
        // one notice, each reader in their own language
        String bobInKorean = (String) minji.script("return Texts.colourName(arguments[0]);", bob.colour());
        minji.systemNotice(bobInKorean + " 님이 들어왔습니다");
        alice.systemNotice(bob.name() + " joined");

        alice.opens("/");
        String full = alice.createRoom("둘만", 2, null);
        bob.opens("/room/" + full);
        bob.waitUntilInRoom();
        minji.opens("/room/" + full);
        minji.waitForText(By.id("notice"), "허용 인원이 초과하였습니다.");

        alice.opens("/");
        String secret = alice.createRoom("비밀", 10, "열려라");
        minji.opens("/room/" + secret);
        driver.findElement(By.id("password")).sendKeys("참깨");
        driver.findElement(By.cssSelector("form button[type=submit]")).click();
        minji.waitForText(By.id("password-error"), "비밀번호가 틀렸습니다.");

        minji.opens("/");
        driver.findElement(By.id("language")).click();
        minji.waitForText(By.tagName("h1"), "Rooms");
        driver.navigate().refresh();
        minji.waitForText(By.tagName("h1"), "Rooms");
        assertEquals("en", driver.findElement(By.tagName("html")).getDomAttribute("lang"));
    }

    @Test
    void everyRefusalIsSaidInWordsWithWhatToDoNext() {
        String room = alice.createRoom("House rules", 10, null);
        bob.opens("/room/" + room);
        bob.waitUntilInRoom();
        String bobsId = personId(room, bob.colour());

        await(app.vertx().eventBus().request("admin.kick", new JsonObject().put("roomId", room).put("userId", bobsId).put("cooldownSeconds", 60)));

        bob.waitForText(By.id("status"), "An administrator removed you from this room.");
        bob.waitForText(By.id("status"), "Go back to the room list");
        alice.systemNotice(bob.name() + " was removed by an administrator");

        carol.opens("/room/" + room);
        carol.waitUntilInRoom();
        alice.driver().findElement(By.id("delete-room")).click();
        alice.driver().switchTo().alert().accept();
        carol.waitForText(By.id("status"), "This room was closed.");
        carol.systemNotice("The room was closed by its owner.");
    }

    private static String personId(String room, String colour) {
        JsonObject shown = await(app.vertx().eventBus().<JsonObject>request("admin.rooms.show", new JsonObject().put("roomId", room))).body();
        return shown.getJsonArray("members").stream().map(JsonObject.class::cast).filter(m -> colour.equals(m.getString("colour")))
            .findFirst().orElseThrow().getString("id");
    }

    private static void waitForPeople(Person person, Set<String> colours) {
        person.waiting().until(d -> d.findElements(By.cssSelector("#people li")).stream()
            .map(li -> li.getDomAttribute("data-colour")).collect(Collectors.toSet()).equals(colours));
    }

    private static void assertNoSidewaysScroll(Person person, String page) {
        Object wider = person.script("return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertTrue(((Number) wider).intValue() <= 0, page + " scrolls sideways at 360 px by " + wider + " px");
    }

    /** A tab's title read without bringing it to the front (which would make it visible and reset its count). */
    @SuppressWarnings("unchecked")
    private static String roomTabTitle(WebDriver driver, String room) {
        Map<String, Object> targets = ((ChromeDriver) driver).executeCdpCommand("Target.getTargets", Map.of());
        return ((List<Map<String, Object>>) targets.get("targetInfos")).stream()
            .filter(target -> String.valueOf(target.get("url")).endsWith("/room/" + room))
            .map(target -> String.valueOf(target.get("title")))
            .findFirst().orElse("");
    }

    private static void screenshot(WebDriver driver, String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }
}
