package dev.beryl.cache.spring.internal;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

class UnkeyableTypesTests {

    @Test
    void of_namesRequestsAndStreams_andTheirSubtypes() {
        assertThat(UnkeyableTypes.of(InputStream.class)).isEqualTo(new UnkeyableTypes.Unkeyable(
                "InputStream stands for a request, a response or a stream, not a value",
                "Give the annotation a key made of the other arguments, e.g. key = \"#id\"."));
        assertThat(UnkeyableTypes.of(ByteArrayInputStream.class).reason()).isEqualTo("ByteArrayInputStream (a "
                + "java.io.InputStream) stands for a request, a response or a stream, not a value");
        assertThat(UnkeyableTypes.of(ResponseEntity.class).reason()).startsWith("ResponseEntity (a "
                + "org.springframework.http.HttpEntity) carries HTTP headers");
    }

    @Test
    void of_valuesAreKeyable() {
        assertThat(UnkeyableTypes.of(Long.class)).isNull();
        assertThat(UnkeyableTypes.of(String.class)).isNull();
        assertThat(UnkeyableTypes.of(List.class)).isNull();
    }
}
