package dev.beryl.cache.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ControlCharactersTests {

    @Test
    void escape_writesLineBreaksAndOtherControlsAsEscapes() {
        assertThat(ControlCharacters.escape("get beryl:x:\"a\r\nWARN forged\"\t\u0000\u007f\u0085\u2028\u2029"))
                .isEqualTo("get beryl:x:\"a\\r\\nWARN forged\"\\t\\u0000\\u007f\\u0085\\u2028\\u2029");
    }

    @Test
    void escape_leavesPrintableTextAsItIs_surrogatePairsToo() {
        String text = "beryl:products:\"caf\u00e9 \uD83D\uDE00\",42";
        assertThat(ControlCharacters.escape(text)).isSameAs(text);
        assertThat(ControlCharacters.isIn(text)).isFalse();
    }

    @Test
    void escape_writesLoneSurrogatesAsEscapes() {
        assertThat(ControlCharacters.escape("a\uD800b\uDC00c\uD83D")).isEqualTo("a\\ud800b\\udc00c\\ud83d");
        assertThat(ControlCharacters.escape("\uD800\uD83D\uDE00")).isEqualTo("\\ud800\uD83D\uDE00");
    }

    @Test
    void indexIn_findsTheFirstControlCharacterFromAnIndex() {
        assertThat(ControlCharacters.indexIn("ab\ncd\ne", 0)).isEqualTo(2);
        assertThat(ControlCharacters.indexIn("ab\ncd\ne", 3)).isEqualTo(5);
        assertThat(ControlCharacters.indexIn("abcdef", 0)).isEqualTo(-1);
    }
}
