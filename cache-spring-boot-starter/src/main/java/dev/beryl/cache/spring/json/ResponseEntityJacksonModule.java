package dev.beryl.cache.spring.json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.module.SimpleDeserializers;
import tools.jackson.databind.module.SimpleModule;

/**
 * Lets Jackson store a {@link ResponseEntity} and read it back whole: its status, its headers and its body, the
 * body read as the {@code T} of the cached method's {@code ResponseEntity<T>}. Stored as
 * {@code {"status":200,"headers":{"Content-Type":["application/json"]},"body":...}}.
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
                    return new ResponseEntityDeserializer(type.containedTypeOrUnknown(0));
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

    private static final class ResponseEntityDeserializer extends ValueDeserializer<ResponseEntity<?>> {

        private final JavaType bodyType;

        ResponseEntityDeserializer(JavaType bodyType) {
            this.bodyType = bodyType;
        }

        @Override
        public ResponseEntity<?> deserialize(JsonParser parser, DeserializationContext context)
                throws JacksonException {
            JsonNode tree = context.readTree(parser);
            JsonNode status = tree.get("status");
            if (status == null || !status.canConvertToInt()) {
                return context.reportInputMismatch(this, "A cached ResponseEntity needs an integer 'status'");
            }
            HttpHeaders headers = new HttpHeaders();
            JsonNode headerNode = tree.get("headers");
            if (headerNode != null) {
                for (Map.Entry<String, JsonNode> header : headerNode.properties()) {
                    List<String> values = new ArrayList<>();
                    header.getValue().forEach((value) -> values.add(value.asString()));
                    headers.addAll(header.getKey(), values);
                }
            }
            JsonNode bodyNode = tree.get("body");
            Object body = (bodyNode == null || bodyNode.isNull()) ? null
                    : context.readTreeAsValue(bodyNode, this.bodyType);
            return new ResponseEntity<>(body, headers, HttpStatusCode.valueOf(status.asInt()));
        }
    }
}
