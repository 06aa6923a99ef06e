package dev.beryl.cache.spring.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CachedResponseTests {

    @Test
    void secondsLeft_countsDownToZero_andBelowForAStaleEntry() {
        CachedResponse<String> response = new CachedResponse<>("v", null, 60_000);
        assertThat(response.secondsLeft(0)).isEqualTo(60);
        assertThat(response.secondsLeft(59_500)).isZero();
        assertThat(response.secondsLeft(60_400)).isZero();
        assertThat(response.secondsLeft(70_000)).isEqualTo(-10);
    }
}
