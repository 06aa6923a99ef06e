package dev.beryl.cache.internal;

import org.jspecify.annotations.Nullable;

/** What kind of failure of a backend made a call go on without the cache, as metrics tell them apart. */
public enum BackendErrorKind {

    /** The backend did not answer within the call's budget. */
    TIMEOUT,

    /** The backend could not be reached, or its circuit breaker is open. */
    CONNECTION,

    /** Anything else. */
    OTHER;

    /** The kind of a failure, judged by the names of the exceptions in its chain of causes. */
    static BackendErrorKind of(@Nullable Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
            String name = cause.getClass().getSimpleName();
            if (name.contains("Timeout")) {
                return TIMEOUT;
            }
            if (name.contains("Connect") || name.contains("CircuitBreaker") || name.contains("Closed")) {
                return CONNECTION;
            }
        }
        return OTHER;
    }
}
