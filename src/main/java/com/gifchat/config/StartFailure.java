package com.gifchat.config;

import java.net.BindException;
import java.util.Optional;

/**
 * A reason the app cannot start that an operator fixes by changing a setting (a port in use, a bad value). The
 * launcher prints its message as the one ERROR line of the failed start, without a stack trace that would add nothing.
 */
public final class StartFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StartFailure(String message) {
        super(message, null, false, false);
    }

    /** {@code failure} as a StartFailure naming the port and its setting when the port was in use, else unchanged. */
    public static Throwable ifPortInUse(Throwable failure, Setting port, int number) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException || String.valueOf(cause.getMessage()).contains("Address already in use")) {
                return new StartFailure("port " + number + " is already in use: stop what listens there, or set "
                    + port.key() + " (env " + port.env() + ") to a free port");
            }
        }
        return failure;
    }

    /** The first StartFailure in {@code failure}'s causes, or an invalid configuration reported as one. */
    public static Optional<String> messageOf(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof StartFailure || cause instanceof IllegalArgumentException
                && String.valueOf(cause.getMessage()).startsWith(AppConfig.INVALID)) {
                return Optional.of(cause.getMessage());
            }
        }
        return Optional.empty();
    }
}
