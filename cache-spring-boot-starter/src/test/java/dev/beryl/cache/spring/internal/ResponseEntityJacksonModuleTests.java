package dev.beryl.cache.spring.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ResponseEntityJacksonModuleTests {

    private static final TypeReference<ResponseEntity<List<Product>>> PAGE = new TypeReference<>() {
    };

    private final JsonMapper mapper = JsonMapper.builder().addModule(new ResponseEntityJacksonModule()).build();

    @Test
    void responseEntity_isStoredAsStatusHeadersAndBody_andReadBackWithItsBodyType() {
        ResponseEntity<List<Product>> entity = ResponseEntity.status(HttpStatus.PARTIAL_CONTENT)
                .contentType(MediaType.APPLICATION_JSON).header("X-Page", "3", "4").body(List.of(new Product(3, "a")));
        String json = this.mapper.writeValueAsString(entity);
        assertThat(json).isEqualTo("{\"status\":206,\"headers\":{\"Content-Type\":[\"application/json\"],"
                + "\"X-Page\":[\"3\",\"4\"]},\"body\":[{\"id\":3,\"name\":\"a\"}]}");
        ResponseEntity<List<Product>> read = this.mapper.readValue(json, PAGE);
        assertThat(read).isEqualTo(entity);
        assertThat(read.getBody()).containsExactly(new Product(3, "a"));
    }

    @Test
    void responseEntity_withoutBody_readsBackWithoutBody() {
        ResponseEntity<List<Product>> entity = ResponseEntity.notFound().build();
        ResponseEntity<List<Product>> read = this.mapper.readValue(this.mapper.writeValueAsBytes(entity), PAGE);
        assertThat(read.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(read.hasBody()).isFalse();
    }

    @Test
    void storedResponse_withoutStatus_failsToRead() {
        byte[] json = "{\"headers\":{},\"body\":[]}".getBytes(StandardCharsets.UTF_8);
        assertThatExceptionOfType(MismatchedInputException.class).isThrownBy(() -> this.mapper.readValue(json, PAGE))
                .withMessageStartingWith("A cached ResponseEntity needs an integer 'status'");
    }

    record Product(long id, String name) {
    }
}
