package dev.beryl.cache.redis;

/**
 * Redis could not answer a cache operation: it is down, refused, too slow, or skipped while the circuit breaker is
 * open. The lookup engine turns it into a miss (fail-open) unless told to let it through.
 */
public class RedisCacheException extends RuntimeException {

    public RedisCacheException(String message) {
        super(message);
    }

    public RedisCacheException(String message, Throwable cause) {
        super(message, cause);
    }
}
