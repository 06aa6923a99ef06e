package dev.beryl.cache;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TagsTests {

    @Test
    void id_isThePrefixAndTheTag() {
        assertThat(Tags.id("beryl", "product:42")).isEqualTo("beryl::tag:product:42");
    }

    @Test
    void longTag_isDigestedUnder512Bytes() {
        String id = Tags.id("beryl", "q:" + "x".repeat(1 << 20));
        assertThat(id).matches("beryl::tag:~[0-9a-f]{32}");
        assertThat(Tags.id("beryl", "q:" + "x".repeat(1 << 20) + "y")).isNotEqualTo(id);
        assertThat(id.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(512);
    }

    @Test
    void tagWithLineBreak_isDigested() {
        assertThat(Tags.id("beryl", "user:a\r\nb")).matches("beryl::tag:~[0-9a-f]{32}");
    }
}
