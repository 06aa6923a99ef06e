package dev.beryl.cache.internal;

import java.util.concurrent.CompletionStage;

/**
 * Wraps each load, the call of the method that fills a miss, for tracing: around the call of a method that returns
 * its value, and around the start and the completion of one that returns a future. Loads that run because another
 * caller's load failed or took too long are wrapped too; hits never are.
 */
public interface LoadObserver {

    /** Runs nothing around loads. */
    LoadObserver NONE = new LoadObserver() {

        @Override
        public Object observe(CacheDefinition cache, Load load) throws Throwable {
            return load.run();
        }

        @Override
        public CompletionStage<?> observeAsync(CacheDefinition cache, AsyncLoad load) throws Throwable {
            return load.start();
        }
    };

    /** Runs a load, which returns the method's value or throws what it threw. */
    Object observe(CacheDefinition cache, Load load) throws Throwable;

    /** Starts a load, whose stage completes with the method's value or its failure. */
    CompletionStage<?> observeAsync(CacheDefinition cache, AsyncLoad load) throws Throwable;

    /** A load of a method that returns its value. */
    @FunctionalInterface
    interface Load {

        Object run() throws Throwable;
    }

    /** A load of a method that returns a future or a publisher. */
    @FunctionalInterface
    interface AsyncLoad {

        CompletionStage<?> start() throws Throwable;
    }
}
