package com.gifchat.http;

import com.gifchat.support.HttpSession;
import com.gifchat.support.TestApp;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.gifchat.support.TestApp.await;
import static org.junit.jupiter.api.Assertions.*;

class RoomPagesTest {

    @RegisterExtension
    static final TestApp app = TestApp.forClass();

    private static MultiMap form(String... pairs) {
        MultiMap form = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < pairs.length; i += 2) {
            form.add(pairs[i], pairs[i + 1]);
        }
        return form;
    }

    @Test
    void theRoomListShowsEachRoomWithItsAccessCapacityAndOwnerColour() {
        HttpSession owner = app.browser();
        String id = owner.createRoom("Listed room", 7, "secret");

        String list = app.browser().get("/").bodyAsString();

        assertTrue(list.contains("data-room-id=\"" + id + "\""), list);
        assertTrue(list.contains("Listed room"));
        assertTrue(list.contains("private"));
        assertTrue(list.contains("0</span> / 7"));
        assertTrue(list.contains(owner.colour()));
    }

    @Test
    void creatingARoomTakesTheCreatorIntoIt() {
        HttpSession creator = app.browser();
        String id = creator.createRoom("Fresh room");

        HttpResponse<Buffer> room = creator.get("/room/" + id);

        assertEquals(200, room.statusCode());
        assertTrue(room.bodyAsString().contains(">Fresh room</h1>"));
    }

    @Test
    void aMissingTitleRerendersTheFormWith400AndAMessage() {
        HttpResponse<Buffer> response = app.browser().postForm("/room", form("title", "   ", "capacity", "5"));

        assertEquals(400, response.statusCode());
        assertTrue(response.bodyAsString().contains("Give the room a title."));
        assertTrue(response.bodyAsString().contains("value=\"5\""), "the typed capacity is kept");
    }

    @Test
    void aTitleOverSixtyCharactersIsRefused() {
        HttpResponse<Buffer> response = app.browser().postForm("/room", form("title", "x".repeat(61)));

        assertEquals(400, response.statusCode());
        assertTrue(response.bodyAsString().contains("at most 60 characters"));
    }

    @Test
    void capacityOutsideTwoToTheMaximumOrNotANumberIsRefused() {
        for (String capacity : new String[]{"1", "101", "abc", "2.5"}) {
            HttpResponse<Buffer> response = app.browser().postForm("/room", form("title", "Room", "capacity", capacity));
            assertEquals(400, response.statusCode(), capacity);
            assertTrue(response.bodyAsString().contains("The capacity must be a whole number from 2 to 100."), capacity);
        }
    }

    @Test
    void capacityDefaultsToTen() {
        HttpSession creator = app.browser();
        String id = creator.createRoom("Default capacity", 10, null);
        HttpResponse<Buffer> response = creator.postForm("/room", form("title", "No capacity given"));
        String other = response.getHeader("location").substring("/room/".length());

        JsonObject room = await(app.mongo().findOne("rooms", new JsonObject().put("_id", other), null));

        assertNotEquals(id, other);
        assertEquals(10, room.getInteger("capacity"));
    }

    @Test
    void markupInATitleIsShownAsText() {
        HttpSession creator = app.browser();
        String id = creator.createRoom("<script>alert(1)</script>");

        String page = creator.get("/room/" + id).bodyAsString();
        String list = creator.get("/").bodyAsString();

        assertFalse(page.contains("<script>alert(1)</script>"));
        assertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertFalse(list.contains("<script>alert(1)</script>"));
    }

    @Test
    void aPasswordIsStoredOnlyAsAHashAndNeverAppearsInTheRedirect() {
        HttpSession creator = app.browser();
        HttpResponse<Buffer> created = creator.postForm("/room", form("title", "Hidden", "password", "hunter2"));
        String location = created.getHeader("location");
        String id = location.substring("/room/".length());

        JsonObject stored = await(app.mongo().findOne("rooms", new JsonObject().put("_id", id), null));

        assertFalse(location.contains("hunter2"));
        assertFalse(stored.encode().contains("hunter2"));
        assertTrue(stored.getString("passwordHash").startsWith("$pbkdf2$"), stored.getString("passwordHash"));
        assertFalse(creator.get("/room/" + id).bodyAsString().contains("hunter2"));
    }

    @Test
    void aPrivateRoomAsksOthersForItsPassword() {
        String id = app.browser().createRoom("Private", 5, "opensesame");

        HttpResponse<Buffer> page = app.browser().get("/room/" + id);

        assertEquals(200, page.statusCode());
        assertTrue(page.bodyAsString().contains("action=\"/room/" + id + "/password\""));
        assertFalse(page.bodyAsString().contains("data-ticket"), "no admission without the password");
    }

    @Test
    void aWrongPasswordSaysSoAndDoesNotAdmit() {
        String id = app.browser().createRoom("Private", 5, "opensesame");
        HttpSession guest = app.browser();

        HttpResponse<Buffer> wrong = guest.postForm("/room/" + id + "/password", form("password", "guess"));
        String form = guest.get(wrong.getHeader("location")).bodyAsString();

        assertEquals(303, wrong.statusCode(), "back to the form, so a reload does not post the password again");
        assertTrue(form.contains("role=\"alert\">That password is not right."));
        assertFalse(form.contains("data-ticket"));
        assertFalse(guest.get("/room/" + id).bodyAsString().contains("id=\"password-error\""), "said once");
    }

    @Test
    void theRightPasswordAdmitsForTheRestOfTheSession() {
        String id = app.browser().createRoom("Private", 5, "opensesame");
        HttpSession guest = app.browser();

        HttpResponse<Buffer> right = guest.postForm("/room/" + id + "/password", form("password", "opensesame"));

        assertEquals(303, right.statusCode());
        assertEquals("/room/" + id, right.getHeader("location"));
        assertTrue(guest.get("/room/" + id).bodyAsString().contains("data-ticket"));
    }

    @Test
    void anUnknownRoomLeadsBackToTheListWithANotice() {
        HttpSession visitor = app.browser();

        HttpResponse<Buffer> response = visitor.get("/room/0123456789abcdef");

        assertEquals(303, response.statusCode());
        assertEquals("/", response.getHeader("location"));
        assertTrue(visitor.get("/").bodyAsString().contains("role=\"alert\">There is no such room."));
        assertFalse(visitor.get("/").bodyAsString().contains("id=\"notice\""), "a notice shows once");
    }

    @Test
    void aMalformedRoomIdIsTreatedAsNoSuchRoom() {
        HttpSession visitor = app.browser();

        for (String id : new String[]{"nope", "%24where", "0123456789ABCDEF", "x".repeat(500)}) {
            HttpResponse<Buffer> response = visitor.get("/room/" + id);
            assertEquals(303, response.statusCode(), id);
            assertTrue(visitor.get("/").bodyAsString().contains("role=\"alert\">There is no such room."), id);
        }
    }

    @Test
    void aPasswordForAnUnknownRoomLeadsBackToTheList() {
        HttpResponse<Buffer> response = app.browser().postForm("/room/0123456789abcdef/password", form("password", "x"));

        assertEquals(303, response.statusCode());
    }

    @Test
    void onlyTheOwnerMayDeleteARoom() {
        HttpSession owner = app.browser();
        String id = owner.createRoom("Doomed");

        HttpResponse<Buffer> byStranger = app.browser().delete("/room/" + id);
        HttpResponse<Buffer> byOwner = owner.delete("/room/" + id);
        HttpResponse<Buffer> again = owner.delete("/room/" + id);

        assertEquals(403, byStranger.statusCode());
        assertEquals(4031, byStranger.bodyAsJsonObject().getJsonObject("error").getInteger("code"));
        assertEquals(204, byOwner.statusCode());
        assertEquals(404, again.statusCode());
        assertNull(await(app.mongo().findOne("rooms", new JsonObject().put("_id", id), null)));
    }

    @Test
    void pagesAreNeitherFramedNorSniffed() {
        HttpResponse<Buffer> list = app.browser().get("/");

        assertEquals("nosniff", list.getHeader("X-Content-Type-Options"));
        assertEquals("DENY", list.getHeader("X-Frame-Options"));
    }

    @Test
    void unknownPagesAre404WithoutInternals() {
        HttpResponse<Buffer> response = app.browser().get("/no/such/page");

        assertEquals(404, response.statusCode());
        assertTrue(response.bodyAsString().contains("There is no page at this address."));
    }

    @Test
    void anOversizedFormIsRefusedWith413() {
        HttpResponse<Buffer> response = app.browser().postForm("/room", form("title", "t".repeat(70_000)));

        assertEquals(413, response.statusCode());
        assertFalse(response.bodyAsString().contains("Exception"));
    }

    @Test
    void theApiListsRoomsAsJson() {
        String id = app.browser().createRoom("Api room");

        JsonObject list = app.browser().get("/api/rooms").bodyAsJsonObject();

        assertTrue(list.getJsonArray("rooms").stream().map(JsonObject.class::cast)
            .anyMatch(room -> id.equals(room.getString("id")) && !room.containsKey("passwordHash")));
    }
}
