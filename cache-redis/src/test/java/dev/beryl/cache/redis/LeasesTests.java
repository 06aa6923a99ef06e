package dev.beryl.cache.redis;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.beryl.cache.key.KeyParts;

import static org.assertj.core.api.Assertions.assertThat;

class LeasesTests {

    @Test
    void placeholder_isTheNulLedPrefixAndTheToken() {
        assertThat(Leases.placeholder("instance-a"))
                .isEqualTo("\0beryl-lease\0instance-a".getBytes(StandardCharsets.UTF_8));
        assertThat(Leases.isPlaceholder(Leases.placeholder("instance-a"))).isTrue();
        assertThat(Leases.isPlaceholder(Leases.placeholder(""))).isTrue();
    }

    @Test
    void noJson_nullMarker_compressedValue_orShortBytes_isAPlaceholder() {
        for (String stored : new String[] { "{\"name\":\"x\"}", "\"\\u0000beryl-lease\\u0000\"", "beryl:null", "",
                "\0beryl-lease", "\0beryl-lease-\0x", " \0beryl-lease\0x" }) {
            assertThat(Leases.isPlaceholder(stored.getBytes(StandardCharsets.UTF_8))).as(stored).isFalse();
        }
        byte[] compressed = new ValueCompression(0, 1024).pack(("\"" + "catalogue ".repeat(20) + "\"")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(ValueCompression.isPacked(compressed)).isTrue();
        assertThat(Leases.isPlaceholder(compressed)).isFalse();
    }

    @Test
    void refreshLeaseKey_isUnderThePrefix_andReadable() {
        assertThat(Leases.refreshKey("beryl:products:42")).isEqualTo("beryl::lease:beryl:products:42");
    }

    @Test
    void refreshLeaseKey_ofTheLongestKey_isAtMost512Bytes() {
        String longest = KeyParts.keyOfValue("beryl:products", "x".repeat(495));
        assertThat(longest.getBytes(StandardCharsets.UTF_8)).hasSize(512);
        String leaseKey = Leases.refreshKey(longest);
        assertThat(leaseKey).startsWith("beryl::lease:~");
        assertThat(leaseKey.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(512);
    }
}
