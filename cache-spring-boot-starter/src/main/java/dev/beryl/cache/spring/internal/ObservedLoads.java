package dev.beryl.cache.spring.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import dev.beryl.cache.internal.CacheDefinition;
import dev.beryl.cache.internal.LoadObserver;

/**
 * Each load as a Micrometer {@link Observation} named {@code beryl.cache.load}, with the low-cardinality keys
 * {@code cache}, {@code backend} and {@code result} ({@code success} or {@code failure}): a span per miss when
 * tracing is on, a timer when metrics are. The method runs in the observation's scope, so its own spans are children
 * of the load's.
 */
public final class ObservedLoads implements LoadObserver {

    static final String NAME = "beryl.cache.load";

    private final ObservationRegistry registry;

    public ObservedLoads(ObservationRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Object observe(CacheDefinition cache, Load load) throws Throwable {
        Observation observation = start(cache);
        try (Observation.Scope scope = observation.openScope()) {
            Object value = load.run();
            observation.lowCardinalityKeyValue("result", "success");
            return value;
        }
        catch (Throwable ex) {
            observation.lowCardinalityKeyValue("result", "failure").error(ex);
            throw ex;
        }
        finally {
            observation.stop();
        }
    }

    @Override
    public CompletionStage<?> observeAsync(CacheDefinition cache, AsyncLoad load) throws Throwable {
        Observation observation = start(cache);
        CompletionStage<?> stage;
        try (Observation.Scope scope = observation.openScope()) {
            stage = load.start();
        }
        catch (Throwable ex) {
            observation.lowCardinalityKeyValue("result", "failure").error(ex);
            observation.stop();
            throw ex;
        }
        if (stage == null) {
            observation.lowCardinalityKeyValue("result", "success").stop();
            return CompletableFuture.completedFuture(null);
        }
        return stage.whenComplete((value, failure) -> {
            if (failure != null) {
                observation.lowCardinalityKeyValue("result", "failure").error(failure);
            }
            else {
                observation.lowCardinalityKeyValue("result", "success");
            }
            observation.stop();
        });
    }

    private Observation start(CacheDefinition cache) {
        return Observation.createNotStarted(NAME, this.registry).contextualName("load " + cache.name())
                .lowCardinalityKeyValue("cache", cache.name()).lowCardinalityKeyValue("backend", cache.backendName())
                .start();
    }
}
