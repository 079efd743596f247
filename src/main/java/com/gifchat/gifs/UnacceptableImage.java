package com.gifchat.gifs;

/** Why an upload is not accepted as an image, in words for the person who sent it. */
public final class UnacceptableImage extends Exception {

    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** Not a GIF, PNG, JPEG or WebP file at all. */
        NOT_AN_IMAGE,
        /** It starts like an image but does not read to its end as one. */
        DAMAGED,
        /** Readable, but beyond a limit on pixels, frames or passes. */
        TOO_BIG
    }

    private final Reason reason;

    private UnacceptableImage(Reason reason, String message) {
        // refusals are expected and frequent: no stack trace to fill
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    static UnacceptableImage notAnImage() {
        return new UnacceptableImage(Reason.NOT_AN_IMAGE, "Only GIF, PNG, JPEG or WebP images can be sent.");
    }

    static UnacceptableImage damaged() {
        return new UnacceptableImage(Reason.DAMAGED, "That image is damaged or incomplete, so it cannot be sent.");
    }

    static UnacceptableImage tooBig(String message) {
        return new UnacceptableImage(Reason.TOO_BIG, message);
    }
}
