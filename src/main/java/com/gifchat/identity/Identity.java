package com.gifchat.identity;

import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * An anonymous person: a random id kept in their browser session, and a colour derived from it (like the seed's
 * color-hash), which is all that others ever see of them.
 */
public record Identity(String id, String colour) {

    private static final int ID_BYTES = 16;
    private static final int HUES = 360;
    /** Saturations and lightnesses that stay readable on a light background. */
    private static final double[] SATURATIONS = {0.65, 0.8, 0.95};
    private static final double[] LIGHTNESSES = {0.35, 0.45, 0.55};
    private static final SecureRandom RANDOM = new SecureRandom();

    public static Identity fresh() {
        byte[] bytes = new byte[ID_BYTES];
        RANDOM.nextBytes(bytes);
        return of(HexFormat.of().formatHex(bytes));
    }

    public static Identity of(String id) {
        return new Identity(id, colourOf(id));
    }

    public static Identity fromJson(JsonObject json) {
        return new Identity(json.getString("id"), json.getString("colour"));
    }

    public JsonObject toJson() {
        return new JsonObject().put("id", id).put("colour", colour);
    }

    static String colourOf(String id) {
        byte[] hash = sha256(id);
        int hue = Math.floorMod((hash[0] & 0xff) << 8 | (hash[1] & 0xff), HUES);
        double saturation = SATURATIONS[Math.floorMod(hash[2], SATURATIONS.length)];
        double lightness = LIGHTNESSES[Math.floorMod(hash[3], LIGHTNESSES.length)];
        return toHex(hue, saturation, lightness);
    }

    private static String toHex(int hue, double s, double l) {
        double chroma = (1 - Math.abs(2 * l - 1)) * s;
        double sector = hue / 60.0;
        double x = chroma * (1 - Math.abs(sector % 2 - 1));
        double[] rgb = switch ((int) sector) {
            case 0 -> new double[]{chroma, x, 0};
            case 1 -> new double[]{x, chroma, 0};
            case 2 -> new double[]{0, chroma, x};
            case 3 -> new double[]{0, x, chroma};
            case 4 -> new double[]{x, 0, chroma};
            default -> new double[]{chroma, 0, x};
        };
        double m = l - chroma / 2;
        return String.format("#%02x%02x%02x", channel(rgb[0] + m), channel(rgb[1] + m), channel(rgb[2] + m));
    }

    private static int channel(double value) {
        return (int) Math.round(value * 255);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
