package com.gifchat.http;

import com.gifchat.support.HttpSession;
import com.gifchat.support.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/** The room list shows one page of rooms at a time, newest first, on the page and in the JSON API. */
class RoomListPagesTest {

    private static final int PAGE_SIZE = 3;
    private static final Pattern ROW = Pattern.compile("data-room-id=\"([0-9a-f]{16})\"");

    @RegisterExtension
    static final TestApp app = TestApp.forClass(new JsonObject().put("rooms.listPageSize", PAGE_SIZE));

    /** Oldest first, as they were created. */
    private static final List<String> rooms = new ArrayList<>();

    @BeforeAll
    static void fiveRooms() {
        HttpSession owner = app.browser();
        for (int i = 1; i <= 5; i++) {
            rooms.add(owner.createRoom("Room " + i));
        }
    }

    private static List<String> rowsOf(HttpResponse<Buffer> page) {
        assertEquals(200, page.statusCode(), page.bodyAsString());
        List<String> ids = new ArrayList<>();
        Matcher row = ROW.matcher(page.bodyAsString());
        while (row.find()) {
            ids.add(row.group(1));
        }
        return ids;
    }

    private static List<String> idsOf(JsonArray rooms) {
        return rooms.stream().map(room -> ((JsonObject) room).getString("id")).toList();
    }

    @Test
    void theFirstPageShowsTheNewestRoomsAndLinksToOlderOnes() {
        HttpResponse<Buffer> first = app.browser().get("/");

        assertEquals(List.of(rooms.get(4), rooms.get(3), rooms.get(2)), rowsOf(first));
        String html = first.bodyAsString();
        assertTrue(html.contains("<a href=\"/?page=2\" id=\"older-rooms\">"), "the link to older rooms is shown");
        assertFalse(html.contains("id=\"newer-rooms\""), "nothing is newer than the first page");
        assertTrue(html.contains("data-page=\"1\" data-page-size=\"3\""), "the live list knows its page");
    }

    @Test
    void theLastPageShowsTheRestAndLinksBack() {
        HttpResponse<Buffer> second = app.browser().get("/?page=2");

        assertEquals(List.of(rooms.get(1), rooms.get(0)), rowsOf(second));
        String html = second.bodyAsString();
        assertTrue(html.contains("<a href=\"/?page=1\" id=\"newer-rooms\">"), html);
        assertTrue(html.contains("id=\"older-rooms\" hidden"), "there is nothing older");
        assertTrue(html.contains("id=\"no-rooms\" class=\"hint\" hidden"), "a later page never says there are no rooms");
    }

    @Test
    void theJsonApiIsPagedTheSameWay() {
        JsonObject first = app.browser().get("/api/rooms").bodyAsJsonObject();
        JsonObject second = app.browser().get("/api/rooms?page=2").bodyAsJsonObject();
        JsonObject beyond = app.browser().get("/api/rooms?page=3").bodyAsJsonObject();

        assertEquals(List.of(rooms.get(4), rooms.get(3), rooms.get(2)), idsOf(first.getJsonArray("rooms")));
        assertEquals(1, first.getInteger("page"));
        assertEquals(PAGE_SIZE, first.getInteger("pageSize"));
        assertTrue(first.getBoolean("hasMore"));
        assertEquals(List.of(rooms.get(1), rooms.get(0)), idsOf(second.getJsonArray("rooms")));
        assertFalse(second.getBoolean("hasMore"));
        assertTrue(beyond.getJsonArray("rooms").isEmpty());
    }

    @Test
    void aPageThatIsNotAWholeNumberFromOneIsRefused() {
        for (String page : List.of("0", "-1", "abc", "1.5", "99999999999")) {
            HttpResponse<Buffer> api = app.browser().get("/api/rooms?page=" + page);
            assertEquals(400, api.statusCode(), page);
            assertEquals(4000, api.bodyAsJsonObject().getJsonObject("error").getInteger("code"), page);
            assertEquals(400, app.browser().get("/?page=" + page).statusCode(), page);
        }
    }
}
