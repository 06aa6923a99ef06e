package dev.beryl.cache.spring;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** Assertions on a context that must not start because of a configuration a user can fix. */
public final class StartupFailures {

    private StartupFailures() {
    }

    /** The context failed with a {@link CacheConfigurationException} of exactly this message and action. */
    public static void assertStartupFailure(AssertableApplicationContext context, String message, String action) {
        Throwable failure = context.getStartupFailure();
        while (!(failure instanceof CacheConfigurationException) && failure != null && failure.getCause() != null) {
            failure = failure.getCause();
        }
        assertThat(failure).isInstanceOf(CacheConfigurationException.class).hasMessage(message);
        assertThat(((CacheConfigurationException) failure).getAction()).isEqualTo(action);
    }
}
