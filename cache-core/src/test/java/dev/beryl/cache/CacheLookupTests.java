package dev.beryl.cache;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class CacheLookupTests {

    @Test
    void miss_isNoHit_andHasNoValue() {
        assertThat(CacheLookup.miss().isHit()).isFalse();
        assertThatIllegalStateException().isThrownBy(() -> CacheLookup.miss().value())
                .withMessage("A cache miss has no value");
        assertThat(CacheLookup.miss()).hasToString("CacheLookup.miss()");
    }

    @Test
    void cachedNull_isAHit_notAMiss() {
        CacheLookup cachedNull = CacheLookup.hit(null);
        assertThat(cachedNull.isHit()).isTrue();
        assertThat(cachedNull.value()).isNull();
        assertThat(cachedNull).isNotEqualTo(CacheLookup.miss()).hasToString("CacheLookup.hit(null)");
    }

    @Test
    void hits_areEqualByValue() {
        CacheLookup hit = CacheLookup.hit("v");
        assertThat(hit.isHit()).isTrue();
        assertThat(hit.value()).isEqualTo("v");
        assertThat(hit).isEqualTo(CacheLookup.hit("v")).hasSameHashCodeAs(CacheLookup.hit("v"))
                .isNotEqualTo(CacheLookup.hit("w")).hasToString("CacheLookup.hit(v)");
    }
}
