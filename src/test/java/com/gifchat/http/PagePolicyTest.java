package com.gifchat.http;

import com.gifchat.support.HttpSession;
import com.gifchat.support.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/** The pages' Content-Security-Policy: strict, with nothing inline in any page, and the gateway reachable. */
class PagePolicyTest {

    private static final Pattern SCRIPT_TAG = Pattern.compile("<script\\b[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern INLINE = Pattern.compile("\\sstyle\\s*=|\\son[a-z]+\\s*=|javascript:", Pattern.CASE_INSENSITIVE);

    @RegisterExtension
    static final TestApp app = TestApp.forClass();

    private static List<String> directives(HttpResponse<Buffer> page) {
        String policy = page.getHeader(PagePolicy.HEADER);
        assertNotNull(policy, "no policy on " + page.bodyAsString());
        return Arrays.stream(policy.split(";")).map(String::trim).toList();
    }

    /** Every page there is: the list (with a room in it), the forms, a room, a private room's door and an error. */
    private static List<HttpResponse<Buffer>> everyPage() {
        HttpSession owner = app.browser();
        String open = owner.createRoom("Open");
        String closed = owner.createRoom("Closed", 5, "opensesame");
        HttpSession stranger = app.browser();
        return List.of(owner.get("/"), owner.get("/room"), owner.get("/room/" + open), stranger.get("/room/" + closed),
            stranger.get("/no/such/page"), stranger.get("/?page=x"));
    }

    @Test
    void everyPageHasTheStrictPolicyAndMayReachTheGatewayOnItsHost() {
        String gateway = "127.0.0.1:" + app.realtimePort();

        for (HttpResponse<Buffer> page : everyPage()) {
            List<String> directives = directives(page);
            assertTrue(directives.containsAll(List.of("default-src 'self'", "script-src 'self'", "style-src 'self'",
                "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'",
                "img-src 'self' data: blob:",
                "connect-src 'self' http://" + gateway + " https://" + gateway + " ws://" + gateway + " wss://" + gateway)),
                String.valueOf(directives));
            assertFalse(directives.toString().contains("unsafe"), String.valueOf(directives));
        }
    }

    @Test
    void noPageHasAnInlineScriptOrStyle() {
        for (HttpResponse<Buffer> page : everyPage()) {
            String html = page.bodyAsString();
            Matcher tags = SCRIPT_TAG.matcher(html);
            while (tags.find()) {
                // a JSON data block (the page's texts) is data the browser never runs, whatever the policy
                boolean data = tags.group().contains(" type=\"application/json\"");
                assertTrue(tags.group().contains(" src=\"/") || data, "an inline script: " + tags.group());
                if (data) {
                    int end = html.indexOf("</script>", tags.end());
                    assertDoesNotThrow(() -> new io.vertx.core.json.JsonObject(html.substring(tags.end(), end)), "a data block that is not JSON");
                }
            }
            Matcher inline = INLINE.matcher(html);
            assertFalse(inline.find(), () -> "inline code or style in: " + html);
        }
    }

    @Test
    void theSwatchesArePaintedByAScriptOfOurOwn() {
        HttpResponse<Buffer> script = app.browser().get("/js/swatches.js");

        assertEquals(200, script.statusCode());
        assertTrue(app.browser().get("/").bodyAsString().contains("<script src=\"/js/swatches.js\" defer></script>"));
    }

    @Test
    void aPublicGatewayUrlNamesItsOriginByHttpAndWebSocket() {
        HostAndPort page = HostAndPort.create("chat.example.com", -1);

        assertTrue(new PagePolicy(8081, "https://rt.example.com/eventbus").policyFor(page)
            .endsWith("connect-src 'self' https://rt.example.com wss://rt.example.com"));
        assertTrue(new PagePolicy(8081, "http://10.0.0.5:9000/eventbus").policyFor(page)
            .endsWith("connect-src 'self' http://10.0.0.5:9000 ws://10.0.0.5:9000"));
    }

    @Test
    void aGatewayBehindTheSameProxyIsReachedOnThePagesHost() {
        String policy = new PagePolicy(8081, "/eventbus").policyFor(HostAndPort.create("chat.example.com", 8443));

        assertTrue(policy.endsWith("connect-src 'self' ws://chat.example.com:8443 wss://chat.example.com:8443"), policy);
    }

    @Test
    void aHostThatCannotBeWrittenInAPolicyCannotWriteIntoIt() {
        String policy = new PagePolicy(8081, "").policyFor(HostAndPort.create("evil; script-src *", 80));

        assertFalse(policy.contains("evil"), policy);
        assertEquals(1, policy.split("script-src").length - 1, policy);
    }
}
