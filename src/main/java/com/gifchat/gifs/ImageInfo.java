package com.gifchat.gifs;

import io.vertx.core.json.JsonObject;

/** An accepted image: its real content type and its size in pixels. */
public record ImageInfo(String contentType, int width, int height) {

    public static final String GIF = "image/gif";
    public static final String PNG = "image/png";
    public static final String JPEG = "image/jpeg";
    public static final String WEBP = "image/webp";

    public JsonObject toJson() {
        return new JsonObject().put("contentType", contentType).put("width", width).put("height", height);
    }
}
