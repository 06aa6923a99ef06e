package dev.beryl.cache;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The promises of a {@link TaggingCacheBackend}, on top of those every backend keeps. */
public abstract class AbstractTaggingCacheBackendTests extends AbstractCacheBackendTests {

    @Override
    protected abstract TaggingCacheBackend backend();

    @Test
    void supportsTags() {
        assertThat(backend().supportsTags()).isTrue();
    }

    @Test
    void invalidateTag_removesTaggedEntriesAcrossCaches_andNothingElse() {
        String tag = Tags.id("contract", "product:42");
        backend().setSync(key("products", "42"), "p42", TTL, Set.of(tag));
        backend().setSync(key("lists", "shoes"), "list", TTL, Set.of(tag, Tags.id("contract", "catalogue")));
        backend().setSync(key("products", "43"), "p43", TTL, Set.of(Tags.id("contract", "product:43")));
        backend().setSync(key("products", "44"), "p44", TTL);
        backend().invalidateTag(tag).join();
        assertThat(backend().getSync(key("products", "42"), String.class).isHit()).isFalse();
        assertThat(backend().getSync(key("lists", "shoes"), String.class).isHit()).isFalse();
        assertThat(backend().getSync(key("products", "43"), String.class).value()).isEqualTo("p43");
        assertThat(backend().getSync(key("products", "44"), String.class).value()).isEqualTo("p44");
    }

    @Test
    void put_keepsTheTagsOfTheEntryItReplaces_untilItsOwnExpiry() {
        String tag = Tags.id("contract", "product:42");
        backend().setSync(key("products", "42"), "cached", Duration.ofSeconds(10), Set.of(tag));
        backend().setSync(key("products", "42"), "put through", TTL);
        advance(Duration.ofSeconds(20));
        assertThat(backend().getSync(key("products", "42"), String.class).value()).isEqualTo("put through");
        backend().invalidateTag(tag).join();
        assertThat(backend().getSync(key("products", "42"), String.class).isHit()).isFalse();
    }

    @Test
    void invalidateTag_ofUnknownTag_isNoError() {
        assertThat(backend().invalidateTag(Tags.id("contract", "nothing"))).succeedsWithin(Duration.ofSeconds(10));
    }

    @Test
    void taggedEntry_canBeStoredAgain_afterItsTagWasInvalidated() {
        String tag = Tags.id("contract", "t");
        backend().setSync(key("a", "1"), "one", TTL, Set.of(tag));
        backend().invalidateTag(tag).join();
        backend().setSync(key("a", "1"), "uno", TTL, Set.of(tag));
        assertThat(backend().getSync(key("a", "1"), String.class).value()).isEqualTo("uno");
        backend().invalidateTag(tag).join();
        assertThat(backend().getSync(key("a", "1"), String.class).isHit()).isFalse();
    }
}
