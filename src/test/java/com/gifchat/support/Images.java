package com.gifchat.support;

import io.vertx.core.buffer.Buffer;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Real image files for upload tests, made by the JDK's encoders (WebP by hand: the JDK has no encoder). */
public final class Images {

    private Images() {
    }

    public static Buffer encoded(String format, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                image.setRGB(x, y, new Color((x * 7) % 256, (y * 13) % 256, (x + y) % 256).getRGB());
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, bytes)) {
                throw new IllegalStateException("no encoder for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Buffer.buffer(bytes.toByteArray());
    }

    public static Buffer gif(int width, int height) {
        return encoded("gif", width, height);
    }

    /** An extended-format (VP8X) WebP header: enough for a reader to learn its size. */
    public static Buffer webp(int width, int height) {
        ByteBuffer bytes = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
        bytes.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(22).put("WEBP".getBytes(StandardCharsets.US_ASCII))
            .put("VP8X".getBytes(StandardCharsets.US_ASCII)).putInt(10).putInt(0);
        putUnsigned24(bytes, width - 1);
        putUnsigned24(bytes, height - 1);
        return Buffer.buffer(bytes.array());
    }

    private static void putUnsigned24(ByteBuffer bytes, int value) {
        bytes.put((byte) value).put((byte) (value >> 8)).put((byte) (value >> 16));
    }
}
