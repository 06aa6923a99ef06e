package dev.beryl.cache.redis;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.beryl.cache.key.KeyParts;

import static org.assertj.core.api.Assertions.assertThat;

class EntryTagsTests {

    @Test
    void entryTagsKey_isUnderThePrefix_andReadable() {
        assertThat(EntryTags.key("beryl:products:42")).isEqualTo("beryl::entry-tags:beryl:products:42");
    }

    @Test
    void entryTagsKey_ofTheLongestKey_isAtMost512Bytes() {
        String longest = KeyParts.keyOfValue("beryl:products", "x".repeat(495));
        assertThat(longest).as("a readable key of 512 bytes").endsWith("xx\"");
        assertThat(longest.getBytes(StandardCharsets.UTF_8)).hasSize(512);
        String tagsKey = EntryTags.key(longest);
        assertThat(tagsKey).startsWith("beryl::entry-tags:~");
        assertThat(tagsKey.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(512);
    }

    @Test
    void tags_roundTrip_andBytesThatAreNoListOfTags_areNone() {
        Set<String> tags = Set.copyOf(List.of("beryl::tag:product:42", "beryl::tag:line\nbreak"));
        assertThat(EntryTags.decode(EntryTags.encode(tags))).isEqualTo(tags);
        assertThat(EntryTags.decode("not json".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }
}
