package dev.beryl.cache;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The promises every {@link CacheBackend} keeps; {@link AbstractTaggingCacheBackendTests} adds those of tags. Each backend's tests extend this class and say how to build the
 * backend and how to let time pass: by moving a fake ticker, or for a server, by shortening the remaining ttl of
 * every key, so that no test waits for real time. Time only moves forward, by at least a few hundred milliseconds
 * at a time, so that a server's own clock does not blur the boundaries.
 */
public abstract class AbstractCacheBackendTests {

    protected static final Duration TTL = Duration.ofSeconds(30);

    /** The backend under test, fresh for each test. */
    protected abstract CacheBackend backend();

    /** Makes {@code duration} pass for the backend's clock. */
    protected abstract void advance(Duration duration);

    /** Whether the backend can clear a cache; one that cannot must say so by failing {@code clear}. */
    protected boolean clears() {
        return true;
    }

    /** A key unique to the test, under the namespace {@code ns}. */
    protected String key(String ns, String part) {
        return "contract:" + ns + ":" + part;
    }

    @Test
    void get_absentKey_isMiss() {
        assertThat(backend().getSync(key("a", "1"), String.class)).isEqualTo(CacheLookup.miss());
    }

    @Test
    void set_thenGet_returnsValue() {
        backend().setSync(key("a", "1"), "one", TTL);
        assertThat(backend().getSync(key("a", "1"), String.class)).isEqualTo(CacheLookup.hit("one"));
    }

    @Test
    void set_null_isHitWithNull_notMiss() {
        backend().setSync(key("a", "nothing"), null, TTL);
        CacheLookup lookup = backend().getSync(key("a", "nothing"), String.class);
        assertThat(lookup.isHit()).isTrue();
        assertThat(lookup.value()).isNull();
    }

    @Test
    void set_replacesPreviousValue() {
        backend().setSync(key("a", "1"), "one", TTL);
        backend().setSync(key("a", "1"), "uno", TTL);
        assertThat(backend().getSync(key("a", "1"), String.class).value()).isEqualTo("uno");
    }

    @Test
    void set_structuredValues_readBackEqual_withTheirGenericTypes() throws NoSuchMethodException {
        backend().setSync(key("a", "list"), List.of("x", "y"), TTL);
        backend().setSync(key("a", "map"), Map.of("k", 1L), TTL);
        assertThat(backend().getSync(key("a", "list"), Declared.class.getMethod("list").getGenericReturnType())
                .value()).isEqualTo(List.of("x", "y"));
        assertThat(backend().getSync(key("a", "map"), Declared.class.getMethod("map").getGenericReturnType())
                .value()).isEqualTo(Map.of("k", 1L));
    }

    /** Declares the generic types that cached methods would return. */
    interface Declared {

        List<String> list();

        Map<String, Long> map();
    }

    @Test
    void get_beforeTtl_isHit_andAfterTtl_isMiss() {
        backend().setSync(key("a", "1"), "one", TTL);
        advance(TTL.minusSeconds(1));
        assertThat(backend().getSync(key("a", "1"), String.class).isHit()).isTrue();
        advance(Duration.ofSeconds(1));
        assertThat(backend().getSync(key("a", "1"), String.class).isHit()).isFalse();
    }

    @Test
    void set_givesEachEntryItsOwnTtl() {
        backend().setSync(key("a", "short"), "s", Duration.ofSeconds(5));
        backend().setSync(key("a", "long"), "l", Duration.ofSeconds(50));
        advance(Duration.ofSeconds(6));
        assertThat(backend().getSync(key("a", "short"), String.class).isHit()).isFalse();
        assertThat(backend().getSync(key("a", "long"), String.class).value()).isEqualTo("l");
    }

    @Test
    void set_again_restartsTtl() {
        backend().setSync(key("a", "1"), "one", TTL);
        advance(TTL.minusSeconds(1));
        backend().setSync(key("a", "1"), "one", TTL);
        advance(Duration.ofSeconds(2));
        assertThat(backend().getSync(key("a", "1"), String.class).isHit()).isTrue();
    }

    @Test
    void delete_removesOnlyThatKey() {
        backend().setSync(key("a", "1"), "one", TTL);
        backend().setSync(key("a", "2"), "two", TTL);
        backend().deleteSync(key("a", "1"));
        backend().deleteSync(key("a", "absent"));
        assertThat(backend().getSync(key("a", "1"), String.class).isHit()).isFalse();
        assertThat(backend().getSync(key("a", "2"), String.class).value()).isEqualTo("two");
    }

    @Test
    void clear_removesThatNamespaceOnly_orSaysItCannot() {
        if (!clears()) {
            assertThatExceptionOfType(java.util.concurrent.CompletionException.class)
                    .isThrownBy(() -> backend().clear("contract:products").join())
                    .withCauseInstanceOf(UnsupportedOperationException.class);
            return;
        }
        backend().setSync(key("products", "1"), "p1", TTL);
        backend().setSync(key("products", "2"), "p2", TTL);
        backend().setSync(key("products-archive", "1"), "a1", TTL);
        backend().setSync(key("users", "1"), "u1", TTL);
        backend().clear("contract:products").join();
        assertThat(backend().getSync(key("products", "1"), String.class).isHit()).isFalse();
        assertThat(backend().getSync(key("products", "2"), String.class).isHit()).isFalse();
        assertThat(backend().getSync(key("products-archive", "1"), String.class).value()).isEqualTo("a1");
        assertThat(backend().getSync(key("users", "1"), String.class).value()).isEqualTo("u1");
    }

    @Test
    void asyncForms_agreeWithSyncForms() {
        backend().set(key("a", "1"), "one", TTL).join();
        assertThat(backend().get(key("a", "1"), String.class).join()).isEqualTo(CacheLookup.hit("one"));
        backend().delete(key("a", "1")).join();
        assertThat(backend().get(key("a", "1"), String.class).join()).isEqualTo(CacheLookup.miss());
    }
}
