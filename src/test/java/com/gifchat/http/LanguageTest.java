package com.gifchat.http;

import com.gifchat.support.BridgeClient;
import com.gifchat.support.HttpSession;
import com.gifchat.support.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;

/** Pages in Korean or English: from the browser's Accept-Language, or the visitor's own pick, which is remembered. */
class LanguageTest {

    @RegisterExtension
    static final TestApp app = TestApp.forClass();

    @Test
    void aKoreanBrowserGetsKoreanPagesAndOthersEnglish() {
        String korean = app.browser().withHeader("Accept-Language", "ko-KR,ko;q=0.9,en;q=0.8").get("/").bodyAsString();
        assertTrue(korean.contains("<html lang=\"ko\">"), korean);
        assertTrue(korean.contains("<h1>채팅방</h1>"), korean);
        assertTrue(korean.contains("방 만들기"));

        String french = app.browser().withHeader("Accept-Language", "fr-FR, en;q=0.5").get("/").bodyAsString();
        assertTrue(french.contains("<html lang=\"en\">"));
        assertTrue(french.contains("<h1>Rooms</h1>"));
        String none = app.browser().get("/room").bodyAsString();
        assertTrue(none.contains("Create and enter"), none);
    }

    @Test
    void refusalsOnThePagesAreInTheReadersLanguage() {
        HttpSession owner = app.browser();
        String room = owner.createRoom("비밀 방", 10, "right");
        HttpSession guesser = app.browser().withHeader("Accept-Language", "ko");

        HttpResponse<Buffer> wrong = guesser.tryPassword(room, "wrong");
        assertEquals(303, wrong.statusCode());
        assertTrue(guesser.get("/room/" + room).bodyAsString().contains("role=\"alert\">비밀번호가 틀렸습니다."));

        String full = owner.createRoom("꽉 찬 방", 2, null);
        BridgeClient.connect(app.vertx(), app.realtimePort()).enter(full, owner.ticketFor(full));
        HttpSession second = app.browser();
        second.get("/room/" + full);
        BridgeClient.connect(app.vertx(), app.realtimePort()).enter(full, second.ticketFor(full));
        HttpSession third = app.browser().withHeader("Accept-Language", "ko");
        assertEquals(303, third.get("/room/" + full).statusCode());
        assertTrue(third.get("/").bodyAsString().contains("role=\"alert\">허용 인원이 초과하였습니다."));

        assertTrue(app.browser().withHeader("Accept-Language", "ko").get("/nowhere").bodyAsString().contains("이 주소에는 페이지가 없습니다."));
    }

    @Test
    void aPickedLanguageIsRememberedAndTheSwitchOnlyLeadsBackIntoTheSite() {
        HttpSession visitor = app.browser().withHeader("Accept-Language", "en");

        HttpResponse<Buffer> picked = visitor.get("/language/ko?back=%2Froom");
        assertEquals(303, picked.statusCode());
        assertEquals("/room", picked.getHeader("Location"));
        assertEquals("ko", visitor.cookie(Words.COOKIE));
        assertTrue(visitor.get("/").bodyAsString().contains("<h1>채팅방</h1>"), "the pick beats the browser's language");

        assertEquals("/", visitor.get("/language/en?back=%2F%2Fevil.example%2F").getHeader("Location"));
        assertTrue(visitor.get("/").bodyAsString().contains("<h1>Rooms</h1>"));
        assertEquals("/", visitor.get("/language/xx?back=https%3A%2F%2Fevil.example").getHeader("Location"));
        assertEquals("en", visitor.cookie(Words.COOKIE), "an unknown language changes nothing");
    }

    @Test
    void theKoreanCatalogueHasEveryTextTheEnglishOneHas() throws IOException {
        Set<String> english = keys("/i18n/texts.properties");
        Set<String> korean = keys("/i18n/texts_ko.properties");
        assertEquals(english, korean);
    }

    @Test
    void theRoomPageCarriesItsScriptsTextsAsDataNotCode() {
        HttpSession visitor = app.browser().withHeader("Accept-Language", "ko");
        String room = visitor.createRoom("스크립트");
        String page = visitor.get("/room/" + room).bodyAsString();
        int start = page.indexOf("<script type=\"application/json\" id=\"texts\">");
        assertTrue(start > 0, page);
        String json = page.substring(page.indexOf('>', start) + 1, page.indexOf("</script>", start));
        JsonObject texts = new JsonObject(json);
        assertEquals("{0} 님이 들어왔습니다", texts.getString("room.joined.1"));
        assertFalse(texts.containsKey("rooms.title"), "only the scripts' part goes to the page as data");
    }

    private static Set<String> keys(String resource) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = LanguageTest.class.getResourceAsStream(resource)) {
            properties.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        }
        return new TreeSet<>(properties.stringPropertyNames());
    }
}
