package dev.beryl.cache.spring.internal;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.deser.std.StdConvertingDeserializer;
import tools.jackson.databind.module.SimpleDeserializers;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.TypeFactory;
import tools.jackson.databind.util.Converter;

/**
 * Lets Jackson store a {@link ResponseEntity} and read it back whole: its status, its headers and its body, the
 * body read as the {@code T} of the cached method's {@code ResponseEntity<T>}. Stored as
 * {@code {"status":200,"headers":{"Content-Type":["application/json"]},"body":...}} and read as a record of those
 * three properties, so the body is an ordinary property of type {@code T} to Jackson and to the start-up check of
 * what can be read back.
 */
public final class ResponseEntityJacksonModule extends SimpleModule {

    public ResponseEntityJacksonModule() {
        super("beryl-response-entity");
        addSerializer(ResponseEntity.class, new ResponseEntitySerializer());
        setDeserializers(new SimpleDeserializers() {

            @Override
            public ValueDeserializer<?> findBeanDeserializer(JavaType type, DeserializationConfig config,
                    BeanDescription.Supplier description) {
                if (ResponseEntity.class.isAssignableFrom(type.getRawClass())) {
                    JavaType bodyType = type.containedTypeOrUnknown(0);
                    return new StdConvertingDeserializer<>(new StoredResponseConverter(bodyType));
                }
                return super.findBeanDeserializer(type, config, description);
            }
        });
    }

    @SuppressWarnings("rawtypes")
    private static final class ResponseEntitySerializer extends ValueSerializer<ResponseEntity> {

        @Override
        public void serialize(ResponseEntity entity, JsonGenerator json, SerializationContext context) {
            json.writeStartObject();
            json.writeNumberProperty("status", entity.getStatusCode().value());
            json.writeName("headers");
            json.writeStartObject();
            entity.getHeaders().forEach((name, values) -> {
                json.writeName(name);
                json.writeStartArray();
                values.forEach(json::writeString);
                json.writeEndArray();
            });
            json.writeEndObject();
            json.writeName("body");
            if (entity.getBody() == null) {
                json.writeNull();
            }
            else {
                context.writeValue(json, entity.getBody());
            }
            json.writeEndObject();
        }
    }

    /**
     * The stored form of a {@code ResponseEntity<T>}, read by Jackson's own record deserializer so that the body is
     * read, and can be checked, as any other property of type {@code T}.
     */
    private record StoredResponse<T>(@Nullable Integer status, @Nullable Map<String, List<String>> headers,
            @Nullable T body) {
    }

    /** Turns the stored form, read as {@code StoredResponse<T>}, into the {@code ResponseEntity<T>}. */
    private static final class StoredResponseConverter implements Converter<StoredResponse<?>, ResponseEntity<?>> {

        private final JavaType bodyType;

        StoredResponseConverter(JavaType bodyType) {
            this.bodyType = bodyType;
        }

        @Override
        public ResponseEntity<?> convert(DeserializationContext context, StoredResponse<?> stored) {
            Integer status = stored.status();
            if (status == null) {
                return context.reportInputMismatch(ResponseEntity.class,
                        "A cached ResponseEntity needs an integer 'status'");
            }
            HttpHeaders headers = new HttpHeaders();
            if (stored.headers() != null) {
                stored.headers().forEach(headers::addAll);
            }
            return new ResponseEntity<>(stored.body(), headers, HttpStatusCode.valueOf(status));
        }

        @Override
        public ResponseEntity<?> convert(SerializationContext context, StoredResponse<?> stored) {
            throw new UnsupportedOperationException("ResponseEntity is written by its own serializer");
        }

        @Override
        public JavaType getInputType(TypeFactory types) {
            return types.constructParametricType(StoredResponse.class, this.bodyType);
        }

        @Override
        public JavaType getOutputType(TypeFactory types) {
            return types.constructParametricType(ResponseEntity.class, this.bodyType);
        }
    }
}
