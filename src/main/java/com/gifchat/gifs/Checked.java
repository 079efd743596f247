package com.gifchat.gifs;

/** An image that passed its format's checks, and the bytes to store: the upload's own, or a copy without metadata. */
record Checked(ImageInfo info, byte[] bytes) {
}
