package dev.beryl.cache.spring.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.beryl.cache.spring.CacheConfigurationException;

/**
 * Reports a {@link CacheConfigurationException} as Spring Boot reports start-up failures: what is wrong, and what
 * to do about it.
 */
class CacheConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<CacheConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, CacheConfigurationException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.getAction(), cause);
    }
}
