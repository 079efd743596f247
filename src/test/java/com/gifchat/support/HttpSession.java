package com.gifchat.support;

import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;
import io.vertx.ext.web.multipart.MultipartForm;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.gifchat.support.TestApp.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One browser: a real HTTP client that keeps its session cookie and does not follow redirects on its own. */
public final class HttpSession {

    private static final Pattern TICKET = Pattern.compile("data-ticket=\"([^\"]+)\"");
    private static final Pattern COLOUR = Pattern.compile("id=\"my-colour\"[^>]*data-colour=\"([^\"]+)\"");

    private static final String HOST = "127.0.0.1";
    private final WebClientSession client;

    public HttpSession(Vertx vertx, int port) {
        WebClient web = WebClient.create(vertx, new WebClientOptions()
            .setDefaultHost(HOST).setDefaultPort(port).setFollowRedirects(false));
        this.client = WebClientSession.create(web);
    }

    /**
     * Every later request says, as a reverse proxy would, that it was forwarded for {@code clientAddress}; the app
     * believes it only when 127.0.0.1 is among its trusted proxies.
     */
    public HttpSession forwardedFor(String clientAddress) {
        client.removeHeader("X-Forwarded-For");
        client.addHeader("X-Forwarded-For", clientAddress);
        return this;
    }

    /** Every later request carries this header (an Origin or a Referer, say), until {@link #withoutHeader}. */
    public HttpSession withHeader(String name, String value) {
        client.removeHeader(name);
        client.addHeader(name, value);
        return this;
    }

    public HttpSession withoutHeader(String name) {
        client.removeHeader(name);
        return this;
    }

    /** The value of the cookie this browser holds under {@code name} for the app, or null. */
    public String cookie(String name) {
        for (Cookie cookie : client.cookieStore().get(false, HOST, "/")) {
            if (cookie.name().equals(name)) {
                return cookie.value();
            }
        }
        return null;
    }

    /** Puts a cookie in this browser as if the app had set it (as an attacker who plants a session id would). */
    public HttpSession plantCookie(String name, String value) {
        DefaultCookie cookie = new DefaultCookie(name, value);
        cookie.setDomain(HOST);
        cookie.setPath("/");
        client.cookieStore().remove(cookie);
        client.cookieStore().put(cookie);
        return this;
    }

    /** Posts the room's password form and returns the answer as it is, whatever it is. */
    public HttpResponse<Buffer> tryPassword(String roomId, String password) {
        return postForm("/room/" + roomId + "/password", MultiMap.caseInsensitiveMultiMap().add("password", password));
    }

    /** Posts the new-room form and returns the answer as it is, whatever it is. */
    public HttpResponse<Buffer> tryCreateRoom(String title) {
        return postForm("/room", MultiMap.caseInsensitiveMultiMap().add("title", title).add("capacity", "10"));
    }

    public HttpResponse<Buffer> get(String path) {
        return await(client.get(path).send());
    }

    public HttpResponse<Buffer> getWithHeader(String path, String name, String value) {
        return await(client.get(path).putHeader(name, value).send());
    }

    /** Posts a file to the room's upload form field, with whatever name and declared type a client might claim. */
    public HttpResponse<Buffer> upload(String roomId, String fileName, String declaredType, Buffer content) {
        return await(client.post("/room/" + roomId + "/gif")
            .sendMultipartForm(MultipartForm.create().binaryFileUpload("gif", fileName, content, declaredType)));
    }

    public HttpResponse<Buffer> delete(String path) {
        return await(client.delete(path).send());
    }

    public HttpResponse<Buffer> postForm(String path, MultiMap form) {
        return await(client.post(path).sendForm(form));
    }

    /** Creates a room through the form and returns its id; the creator's browser is then in it. */
    public String createRoom(String title, int capacity, String password) {
        MultiMap form = MultiMap.caseInsensitiveMultiMap().add("title", title).add("capacity", String.valueOf(capacity));
        if (password != null) {
            form.add("password", password);
        }
        HttpResponse<Buffer> created = postForm("/room", form);
        assertEquals(303, created.statusCode(), created.bodyAsString());
        String location = created.getHeader("location");
        assertTrue(location.startsWith("/room/"), location);
        return location.substring("/room/".length());
    }

    public String createRoom(String title) {
        return createRoom(title, 10, null);
    }

    /** Opens the room page, as a person entering it, and returns the admission ticket the page carries. */
    public String ticketFor(String roomId) {
        HttpResponse<Buffer> page = get("/room/" + roomId);
        assertEquals(200, page.statusCode());
        Matcher ticket = TICKET.matcher(page.bodyAsString());
        assertTrue(ticket.find(), "the room page carries no ticket: " + page.bodyAsString());
        return ticket.group(1);
    }

    public String colour() {
        Matcher colour = COLOUR.matcher(get("/").bodyAsString());
        assertTrue(colour.find());
        return colour.group(1);
    }

    public void admit(String roomId, String password) {
        HttpResponse<Buffer> admitted = postForm("/room/" + roomId + "/password",
            MultiMap.caseInsensitiveMultiMap().add("password", password));
        assertEquals(303, admitted.statusCode(), admitted.bodyAsString());
    }
}
