package com.gifchat.store.embedded;

/** What tests outside this package do to the embedded file store to see what its users make of it breaking. */
public final class Breakage {

    private Breakage() {
    }

    /** Closes the file store's H2 store at once, as H2 does when a commit fails; the next command reopens it. */
    public static void closeUnderneath(EmbeddedMongo database) {
        database.fileBackend().getMvStore().closeImmediately();
    }
}
