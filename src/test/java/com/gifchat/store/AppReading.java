package com.gifchat.store;

/** How the app reads a database's failures, for tests of the embedded store in another package. */
public final class AppReading {

    private AppReading() {
    }

    /** Whether the store answers this failure as UNAVAILABLE, the database out of reach, rather than failing. */
    public static boolean asUnavailable(Throwable error) {
        return DatabaseHealth.isConnectionProblem(error);
    }
}
