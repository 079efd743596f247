package com.gifchat.http;

import com.gifchat.support.BridgeClient;
import com.gifchat.support.HttpSession;
import com.gifchat.support.Images;
import com.gifchat.support.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static com.gifchat.support.TestApp.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * What an upload must be to be shown: an image that decodes to its end, within the limits on pixels, frames and
 * scans, stored without what describes where it was taken, an animation exactly as it came.
 */
class UploadContentTest {

    private static final int MAX_PIXELS = 1_000_000;
    private static final int MAX_FRAMES = 5;
    private static final int MAX_JPEG_SCANS = 4;
    private static final String DAMAGED = "That image is damaged or incomplete, so it cannot be sent.";
    /** EXIF as cameras write it, in big-endian TIFF: a GPS directory with a latitude of 51° 28' 38" N. */
    private static final byte[] EXIF_WITH_GPS = HexFormat.of().parseHex(
        "457869660000" + "4d4d002a00000008"
            + "0001" + "88250004000000010000001a" + "00000000"
            + "0002" + "0001000200000002" + "4e000000" + "000200050000000300000038" + "00000000"
            + "0000003300000001" + "0000001c00000001" + "0000002600000001");
    /** The same with an orientation entry (6: turned a quarter clockwise) before the GPS pointer. */
    private static final byte[] EXIF_TURNED_WITH_GPS = HexFormat.of().parseHex(
        "457869660000" + "4d4d002a00000008"
            + "0002" + "011200030000000100060000" + "882500040000000100000026" + "00000000"
            + "0002" + "0001000200000002" + "4e000000" + "000200050000000300000044" + "00000000"
            + "0000003300000001" + "0000001c00000001" + "0000002600000001");
    /** What is kept of it: an EXIF segment that says nothing but the orientation. */
    private static final byte[] ORIENTATION_ONLY = HexFormat.of().parseHex(
        "457869660000" + "4d4d002a00000008" + "0001" + "011200030000000100060000" + "00000000");

    @RegisterExtension
    static final TestApp app = TestApp.forClass(new JsonObject()
        .put("uploads.maxPixels", MAX_PIXELS).put("uploads.maxFrames", MAX_FRAMES).put("uploads.maxJpegScans", MAX_JPEG_SCANS));

    private static HttpSession alice;
    private static String room;
    private static BridgeClient socket;

    @BeforeAll
    static void aliceInHerRoom() {
        alice = app.browser();
        room = alice.createRoom("Pictures");
        socket = app.bridge();
        socket.enter(room, alice.ticketFor(room));
    }

    @AfterAll
    static void leave() {
        socket.close();
    }

    private static HttpResponse<Buffer> upload(Buffer content) {
        return alice.upload(room, "picture", "application/octet-stream", content);
    }

    /** Uploads {@code content} and returns what is served back for it. */
    private static Buffer stored(Buffer content) {
        HttpResponse<Buffer> posted = upload(content);
        assertEquals(201, posted.statusCode(), posted.bodyAsString());
        String id = posted.bodyAsJsonObject().getJsonObject("message").getJsonObject("gif").getString("id");
        HttpResponse<Buffer> served = alice.get("/gif/" + id);
        assertEquals(200, served.statusCode());
        return served.body();
    }

    private static void assertRefused(int status, String message, Buffer content) {
        long imagesBefore = await(app.mongo().count("fs.files", new JsonObject()));
        HttpResponse<Buffer> response = upload(content);
        assertEquals(status, response.statusCode(), response.bodyAsString());
        assertEquals(message, response.bodyAsJsonObject().getJsonObject("error").getString("message"));
        assertEquals(imagesBefore, await(app.mongo().count("fs.files", new JsonObject())), "nothing is stored");
    }

    @Test
    void aGifHeaderAroundHtmlIsRefused() {
        Buffer html = Buffer.buffer("<html><body><script>alert(document.cookie)</script></body></html>", StandardCharsets.UTF_8.name());

        assertRefused(415, DAMAGED, Images.gifAround(100, 100, html));
    }

    @Test
    void aGifWithoutImageDataIsRefused() {
        Buffer headerOnly = Images.gifAround(1, 1, Buffer.buffer());
        assertEquals(14, headerOnly.length());

        assertRefused(415, DAMAGED, headerOnly);
    }

    @Test
    void aGifWhoseBlocksAreWellFormedButWhoseDataDoesNotDecodeIsRefused() {
        // a 4 × 4 frame with a two-colour table, then one data block of codes beyond anything LZW has defined
        Buffer frame = Buffer.buffer(new byte[]{0x2C, 0, 0, 0, 0, 4, 0, 4, 0, (byte) 0x80, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
            2, 3, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0});

        assertRefused(415, DAMAGED, Images.gifAround(4, 4, frame));
    }

    @Test
    void eachFormatCutShortIsRefused() {
        for (Buffer whole : new Buffer[]{Images.gif(30, 30), Images.encoded("png", 30, 30), Images.jpeg(30, 30, false), Images.webp(30, 30)}) {
            assertRefused(415, DAMAGED, whole.getBuffer(0, whole.length() - 5));
        }
    }

    @Test
    void anAnimatedGifIsStoredByteForByteWithEveryFrame() {
        Buffer animation = Images.animatedGif(48, 32, MAX_FRAMES);
        assertEquals(MAX_FRAMES, Images.framesOf(animation));

        Buffer served = stored(animation);

        assertEquals(animation, served);
        assertEquals(MAX_FRAMES, Images.framesOf(served));
    }

    @Test
    void anAnimationOverTheFrameLimitIsRefused() {
        assertRefused(413, "That animation has too many frames: at most 5.", Images.animatedGif(8, 8, MAX_FRAMES + 1));
    }

    @Test
    void imagesOverThePixelLimitAreRefusedFromTheirHeadersBeforeDecoding() {
        String tooLarge = "That image is too large: at most 1,000,000 pixels (width × height, all frames together).";

        assertRefused(413, tooLarge, Images.encoded("png", 1001, 1000));
        assertRefused(413, tooLarge, Images.jpeg(1001, 1000, false));
        // each frame is small enough, together they are not
        assertRefused(413, tooLarge, Images.animatedGif(500, 500, 5));
        // a bomb: a screen and frame of 100 million pixels in a few bytes
        Buffer frame = Buffer.buffer(new byte[]{0x2C, 0, 0, 0, 0, 0x10, 0x27, 0x10, 0x27, 0, 8, 2, 0x01, 0, 0});
        assertRefused(413, tooLarge, Images.gifAround(10_000, 10_000, frame));
        assertRefused(413, tooLarge, Images.webp(1001, 1000));
        // few pixels, but wider than any screen shows
        Buffer thin = Buffer.buffer(new byte[]{0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x4C, 0x01, 0});
        assertRefused(413, "That image is too large: at most 16,384 pixels wide and high.", Images.gifAround(20_000, 1, thin));
    }

    @Test
    void aJpegSavedInTooManyScansIsRefusedAndABaselineOneAccepted() {
        assertRefused(413, "That JPEG is saved in too many passes (at most 4). Save it again as a standard JPEG.",
            Images.jpeg(64, 64, true));
        assertEquals(201, upload(Images.jpeg(64, 64, false)).statusCode());
    }

    @Test
    void aJpegLosesItsLocationAndEveryOtherDescriptionButKeepsItsPixelsByteForByte() {
        Buffer plain = Images.jpeg(40, 30, false);
        Buffer described = Images.withSegments(plain,
            Images.segment(0xE1, EXIF_WITH_GPS),
            Images.segment(0xE1, "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>51.4772 N</x:xmpmeta>".getBytes(StandardCharsets.ISO_8859_1)),
            Images.segment(0xFE, "taken at home".getBytes(StandardCharsets.ISO_8859_1)));
        described.appendBuffer(Images.jpeg(8, 8, false)); // a second image after the end, as some phones append

        assertEquals(plain, stored(described));
    }

    @Test
    void aTurnedJpegKeepsOnlyItsOrientation() {
        Buffer plain = Images.jpeg(40, 30, false);

        Buffer served = stored(Images.withSegments(plain, Images.segment(0xE1, EXIF_TURNED_WITH_GPS)));

        assertEquals(Images.withSegments(plain, Images.segment(0xE1, ORIENTATION_ONLY)), served);
    }

    @Test
    void aPngLosesItsExifAndText() {
        Buffer plain = Images.encoded("png", 20, 20);
        Buffer described = Images.withChunks(plain,
            Images.pngChunk("tEXt", "Comment\0taken at home".getBytes(StandardCharsets.ISO_8859_1)),
            Images.pngChunk("eXIf", java.util.Arrays.copyOfRange(EXIF_WITH_GPS, 6, EXIF_WITH_GPS.length)));

        assertEquals(plain, stored(described));
    }

    @Test
    void aWebpLosesItsExif() {
        assertEquals(Images.webpExtended(20, 20), stored(Images.webpWithExif(20, 20, EXIF_WITH_GPS)));
    }

    @Test
    void aPngWithABadChecksumIsRefused() {
        Buffer png = Images.encoded("png", 20, 20);
        Buffer bad = png.copy();
        int headerCrc = 8 + 8 + 13;
        bad.setByte(headerCrc, (byte) (png.getByte(headerCrc) ^ 1));

        assertRefused(415, DAMAGED, bad);
    }
}
