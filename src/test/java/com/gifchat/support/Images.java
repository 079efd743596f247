package com.gifchat.support;

import io.vertx.core.buffer.Buffer;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/** Real image files for upload tests, made by the JDK's encoders (WebP by hand: the JDK has no encoder). */
public final class Images {

    private Images() {
    }

    public static Buffer encoded(String format, int width, int height) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(picture(width, height, 0), format, bytes)) {
                throw new IllegalStateException("no encoder for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Buffer.buffer(bytes.toByteArray());
    }

    private static BufferedImage picture(int width, int height, int shift) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                image.setRGB(x, y, new Color((x * 7 + shift) % 256, (y * 13) % 256, (x + y + shift * 3) % 256).getRGB());
            }
        }
        return image;
    }

    public static Buffer gif(int width, int height) {
        return encoded("gif", width, height);
    }

    /** A baseline JPEG, or with {@code progressive} one stored in several scans. */
    public static Buffer jpeg(int width, int height, boolean progressive) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        if (progressive) {
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(picture(width, height, 0), null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return Buffer.buffer(bytes.toByteArray());
    }

    /** An animated GIF whose frames all differ, each shown for a tenth of a second, looping forever. */
    public static Buffer animatedGif(int width, int height, int frames) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (int i = 0; i < frames; i++) {
                BufferedImage frame = picture(width, height, i * 40);
                IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(frame), null);
                animate(metadata, i == 0);
                writer.writeToSequence(new IIOImage(frame, null, metadata), null);
            }
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return Buffer.buffer(bytes.toByteArray());
    }

    private static void animate(IIOMetadata metadata, boolean first) throws IOException {
        String format = metadata.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
        IIOMetadataNode control = new IIOMetadataNode("GraphicControlExtension");
        control.setAttribute("disposalMethod", "none");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("delayTime", "10");
        control.setAttribute("transparentColorIndex", "0");
        root.appendChild(control);
        if (first) {
            IIOMetadataNode applications = new IIOMetadataNode("ApplicationExtensions");
            IIOMetadataNode loop = new IIOMetadataNode("ApplicationExtension");
            loop.setAttribute("applicationID", "NETSCAPE");
            loop.setAttribute("authenticationCode", "2.0");
            loop.setUserObject(new byte[]{1, 0, 0});
            applications.appendChild(loop);
            root.appendChild(applications);
        }
        metadata.setFromTree(format, root);
    }

    /** How many frames the JDK's reader finds in a GIF. */
    public static int framesOf(Buffer gif) {
        try (var in = ImageIO.createImageInputStream(new java.io.ByteArrayInputStream(gif.getBytes()))) {
            var reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(in);
            return reader.getNumImages(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A GIF's header and logical screen (no colour table), with {@code body} and then a trailer after it. */
    public static Buffer gifAround(int width, int height, Buffer body) {
        ByteBuffer screen = ByteBuffer.allocate(13).order(ByteOrder.LITTLE_ENDIAN);
        screen.put("GIF89a".getBytes(StandardCharsets.US_ASCII)).putShort((short) width).putShort((short) height).put(new byte[3]);
        return Buffer.buffer(screen.array()).appendBuffer(body).appendByte((byte) 0x3B);
    }

    /** {@code jpeg} with {@code segments} (each marker, length and payload) inserted after its JFIF segment. */
    public static Buffer withSegments(Buffer jpeg, Buffer... segments) {
        int afterJfif = 4 + jpeg.getUnsignedShort(4);
        Buffer out = jpeg.getBuffer(0, afterJfif);
        for (Buffer segment : segments) {
            out.appendBuffer(segment);
        }
        return out.appendBuffer(jpeg.getBuffer(afterJfif, jpeg.length()));
    }

    public static Buffer segment(int marker, byte[] payload) {
        return Buffer.buffer().appendByte((byte) 0xFF).appendByte((byte) marker)
            .appendUnsignedShort(payload.length + 2).appendBytes(payload);
    }

    /** {@code png} with {@code chunks} (each type and data) inserted before its IEND chunk. */
    public static Buffer withChunks(Buffer png, Buffer... chunks) {
        int iend = png.length() - 12;
        Buffer out = png.getBuffer(0, iend);
        for (Buffer chunk : chunks) {
            out.appendBuffer(chunk);
        }
        return out.appendBuffer(png.getBuffer(iend, png.length()));
    }

    public static Buffer pngChunk(String type, byte[] data) {
        byte[] typed = Buffer.buffer(type, "US-ASCII").appendBytes(data).getBytes();
        CRC32 crc = new CRC32();
        crc.update(typed);
        return Buffer.buffer().appendInt(data.length).appendBytes(typed).appendUnsignedInt(crc.getValue());
    }

    /**
     * A lossless WebP of one colour: a VP8L bitstream whose five prefix codes each have a single symbol, so every
     * pixel takes no bits at all.
     */
    public static Buffer webp(int width, int height) {
        return riff(losslessChunk(width, height));
    }

    /** An extended WebP (VP8X) that says it carries EXIF, with the image and then the EXIF chunk. */
    public static Buffer webpWithExif(int width, int height, byte[] exif) {
        return riff(extendedHeader(0x08, width, height).appendBuffer(losslessChunk(width, height)).appendBuffer(webpChunk("EXIF", exif)));
    }

    /** The same extended WebP without EXIF, as it should be stored. */
    public static Buffer webpExtended(int width, int height) {
        return riff(extendedHeader(0, width, height).appendBuffer(losslessChunk(width, height)));
    }

    private static Buffer extendedHeader(int flags, int width, int height) {
        Buffer header = Buffer.buffer().appendByte((byte) flags).appendBytes(new byte[3])
            .appendMediumLE(width - 1).appendMediumLE(height - 1);
        return webpChunk("VP8X", header.getBytes());
    }

    private static Buffer losslessChunk(int width, int height) {
        Bits bits = new Bits();
        bits.put(width - 1, 14).put(height - 1, 14).put(0, 1).put(0, 3);
        bits.put(0, 1).put(0, 1).put(0, 1); // no transform, no colour cache, no meta prefix codes
        for (int symbol : new int[]{0x80, 0x20, 0xC0, 0xFF}) { // green, red, blue, alpha
            bits.put(1, 1).put(0, 1).put(1, 1).put(symbol, 8);
        }
        bits.put(1, 1).put(0, 1).put(0, 1).put(0, 1); // distance: the one symbol 0
        byte[] data = Buffer.buffer().appendByte((byte) 0x2F).appendBytes(bits.bytes()).getBytes();
        return webpChunk("VP8L", data);
    }

    private static Buffer webpChunk(String type, byte[] data) {
        Buffer chunk = Buffer.buffer(type, "US-ASCII").appendIntLE(data.length).appendBytes(data);
        return data.length % 2 == 1 ? chunk.appendByte((byte) 0) : chunk;
    }

    private static Buffer riff(Buffer chunks) {
        return Buffer.buffer("RIFF", "US-ASCII").appendIntLE(chunks.length() + 4).appendString("WEBP", "US-ASCII").appendBuffer(chunks);
    }

    /** Bits written least significant first, as VP8L reads them. */
    private static final class Bits {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int current;
        private int used;

        Bits put(int value, int count) {
            for (int i = 0; i < count; i++) {
                current |= ((value >> i) & 1) << used;
                if (++used == 8) {
                    out.write(current);
                    current = 0;
                    used = 0;
                }
            }
            return this;
        }

        byte[] bytes() {
            if (used > 0) {
                out.write(current);
            }
            return out.toByteArray();
        }
    }
}
