package dev.beryl.cache.benchmarks.faults;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.beryl.cache.CacheEvent;
import dev.beryl.cache.CacheEventListener;

/**
 * Tells whether a probe's key was answered from the cache: a {@link CacheEventListener} that remembers the keys of
 * the hits on searches for {@code probe-...}, and {@code GET /probe?q=probe-x-1}, which answers
 * {@code {"hit":true}} once a search for that text has been a hit. {@code benchmarks/faults.sh} adds it to the
 * example application as an extra source, to measure when caching resumes after a fault.
 */
@Configuration(proxyBeanMethods = false)
@Import({ CacheProbe.Hits.class, CacheProbe.Endpoint.class })
public class CacheProbe {

    /** The keys of the probes' hits; the probes ask a few hundred at most, the bound is only a guard. */
    static final class Hits implements CacheEventListener {

        private final Set<String> keys = ConcurrentHashMap.newKeySet();

        @Override
        public void onEvent(CacheEvent event) {
            if (event.kind() == CacheEvent.Kind.HIT && event.key().contains("\"probe-")) {
                if (this.keys.size() > 10_000) {
                    this.keys.clear();
                }
                this.keys.add(event.key());
            }
        }

        boolean hit(String query) {
            // Search keys end with "{query}:{page}": "probe-x-1:" is not a prefix of "probe-x-10:".
            String part = "\"" + query + ":";
            return this.keys.stream().anyMatch((key) -> key.contains(part));
        }
    }

    @RestController
    static final class Endpoint {

        private final Hits hits;

        Endpoint(Hits hits) {
            this.hits = hits;
        }

        @GetMapping("/probe")
        Map<String, Boolean> probe(@RequestParam String q) {
            return Map.of("hit", this.hits.hit(q));
        }
    }
}
