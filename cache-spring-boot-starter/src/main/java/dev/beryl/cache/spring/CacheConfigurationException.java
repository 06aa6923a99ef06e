package dev.beryl.cache.spring;

/**
 * A cache configuration that cannot work, found while the application starts: a bad {@code @Cached} attribute, an
 * unknown backend, a bad property. The message names what is wrong; {@link #getAction()} says how to fix it.
 */
public class CacheConfigurationException extends IllegalStateException {

    private final String action;

    public CacheConfigurationException(String message, String action) {
        super(message);
        this.action = action;
    }

    public CacheConfigurationException(String message, String action, Throwable cause) {
        super(message, cause);
        this.action = action;
    }

    /** What the user can do about it. */
    public String getAction() {
        return this.action;
    }
}
