package dev.beryl.cache.redis;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.stream.Collectors;

import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.AbstractDeserializer;
import tools.jackson.databind.deser.SettableBeanProperty;
import tools.jackson.databind.deser.bean.BeanDeserializerBase;
import tools.jackson.databind.deser.impl.TypeWrappedDeserializer;
import tools.jackson.databind.deser.std.ContainerDeserializerBase;
import tools.jackson.databind.deser.std.ReferenceTypeDeserializer;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.TypeDeserializer;
import tools.jackson.databind.type.LogicalType;

/**
 * Decides, before anything is stored, whether JSON without type information can be read back as a declared type, at
 * every depth. It asks the mapper for the deserializers it will really use and follows what they read: the
 * properties of beans and records (with their types resolved against the declaring type, so {@code Page<Product>}
 * reads a {@code List<Product> content}), the elements of collections and arrays, the values of maps, the value of
 * an {@code Optional} or other reference, and the value a converting deserializer reads first.
 * <p>
 * It rejects a place that Jackson reads as untyped maps and lists ({@code Object}, {@code Serializable}) and an
 * interface or abstract class that Jackson cannot instantiate, and maps whose keys are declared {@code Object}. It
 * stops where Jackson has its own answer: a type id ({@code @JsonTypeInfo}), a deserializer of a scalar or a tree
 * ({@code JsonNode}), a custom deserializer, a type already checked (so recursive types end), and beyond
 * {@link #MAX_DEPTH} nested types.
 */
final class ReadableTypes {

    /** How many nested types deep the check follows; deeper types are not checked. */
    static final int MAX_DEPTH = 32;

    private final JsonMapper mapper;

    ReadableTypes(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * Checks a declared type and everything its JSON holds.
     * @throws IllegalArgumentException naming the path from {@code type} to the first place that cannot be read back
     */
    void check(Type type) {
        // The context every read of this mapper starts from: its modules, its configuration and its cache of
        // deserializers, so the check sees exactly the deserializers that reads will use. Jackson marks the
        // accessor as public for tests; a context built from the mapper's builder would lack the modules.
        new Walk(this.mapper._deserializationContext()).root(type);
    }

    private static final class Walk {

        private final DeserializationContext context;

        private final Set<JavaType> checked = new HashSet<>();

        Walk(DeserializationContext context) {
            this.context = context;
        }

        void root(Type declared) {
            Path path = Path.root(name(declared));
            JavaType type = this.context.getTypeFactory().constructType(declared);
            ValueDeserializer<?> deserializer;
            try {
                deserializer = this.context.findRootValueDeserializer(type);
            }
            catch (DatabindException ex) {
                throw path.unreadable(ex);
            }
            check(path, type, deserializer, 0);
        }

        private void check(Path path, JavaType type, ValueDeserializer<?> deserializer, int depth) {
            if (deserializer instanceof TypeWrappedDeserializer) {
                return;
            }
            if (deserializer.handledType() == Object.class && deserializer.logicalType() == LogicalType.Untyped) {
                throw path.unrestorable(name(type), "");
            }
            if (deserializer instanceof AbstractDeserializer) {
                throw path.unrestorable(name(type), type.isInterface() ? " (an interface)" : " (an abstract class)");
            }
            if (depth == MAX_DEPTH || !this.checked.add(type)) {
                return;
            }
            if (deserializer instanceof BeanDeserializerBase bean) {
                for (Iterator<SettableBeanProperty> properties = bean.properties(); properties.hasNext();) {
                    SettableBeanProperty property = properties.next();
                    if (property.getValueTypeDeserializer() == null) {
                        Path at = path.property(property.getName());
                        ValueDeserializer<?> read = property.hasValueDeserializer() ? property.getValueDeserializer()
                                : find(at, property.getType());
                        check(at, property.getType(), read, depth + 1);
                    }
                }
            }
            else if (deserializer instanceof ContainerDeserializerBase<?> container) {
                JavaType keyType = container.getValueType().getKeyType();
                if (keyType != null && keyType.hasRawClass(Object.class)) {
                    throw new IllegalArgumentException(path.text + " has keys declared Object, which JSON reads back "
                            + "as strings");
                }
                Path at = path.element();
                JavaType content = container.getContentType();
                if (!hasTypeIds(at, content)) {
                    ValueDeserializer<?> read = container.getContentDeserializer();
                    check(at, content, (read != null) ? read : find(at, content), depth + 1);
                }
            }
            else if (deserializer instanceof ReferenceTypeDeserializer<?> reference) {
                Path at = path.through();
                JavaType referenced = reference.getValueType().getReferencedType();
                if (referenced != null && !hasTypeIds(at, referenced)) {
                    check(at, referenced, find(at, referenced), depth + 1);
                }
            }
            else if (deserializer.getDelegatee() instanceof StdDeserializer<?> delegatee
                    && delegatee.getValueType() != null) {
                check(path.through(), delegatee.getValueType(), delegatee, depth + 1);
            }
        }

        private boolean hasTypeIds(Path path, JavaType type) {
            try {
                TypeDeserializer typeIds = this.context.findTypeDeserializer(type);
                return typeIds != null;
            }
            catch (DatabindException ex) {
                throw path.unreadable(ex);
            }
        }

        private ValueDeserializer<?> find(Path path, JavaType type) {
            try {
                return this.context.findContextualValueDeserializer(type, null);
            }
            catch (DatabindException ex) {
                throw path.unreadable(ex);
            }
        }
    }

    /**
     * Where a place is, from the declared type: {@code Page<Product>.content[].owner}. Elements of collections and
     * arrays and values of maps are {@code []}; the value of an {@code Optional} or a converted value adds nothing.
     */
    private record Path(String text, Step last) {

        static Path root(String name) {
            return new Path(name, Step.ROOT);
        }

        Path property(String name) {
            return new Path(this.text + "." + name, Step.NAMED);
        }

        Path element() {
            return new Path(this.text + "[]", Step.NAMED);
        }

        Path through() {
            return new Path(this.text, Step.THROUGH);
        }

        /**
         * @param declared the simple name of the type Jackson reads here
         * @param kind what kind of type it is, such as {@code " (an interface)"}, or empty
         */
        IllegalArgumentException unrestorable(String declared, String kind) {
            return new IllegalArgumentException(switch (this.last) {
                case ROOT -> this.text + kind + " cannot be restored from JSON without type information";
                case NAMED -> this.text + " is declared " + declared + kind
                        + ", which JSON cannot restore without type information";
                case THROUGH -> this.text + " holds " + declared + kind
                        + ", which JSON cannot restore without type information";
            });
        }

        IllegalArgumentException unreadable(DatabindException ex) {
            return new IllegalArgumentException(this.text + " cannot be read by Jackson: " + ex.getOriginalMessage(),
                    ex);
        }
    }

    private enum Step {
        ROOT, NAMED, THROUGH
    }

    static String name(Type type) {
        if (type instanceof Class<?> raw) {
            return raw.getSimpleName().isEmpty() ? raw.getName() : raw.getSimpleName();
        }
        if (type instanceof ParameterizedType parameterized) {
            return name(parameterized.getRawType()) + Arrays.stream(parameterized.getActualTypeArguments())
                    .map(ReadableTypes::name).collect(Collectors.joining(", ", "<", ">"));
        }
        if (type instanceof GenericArrayType array) {
            return name(array.getGenericComponentType()) + "[]";
        }
        if (type instanceof WildcardType wildcard) {
            if (wildcard.getLowerBounds().length > 0) {
                return "? super " + name(wildcard.getLowerBounds()[0]);
            }
            Type upper = wildcard.getUpperBounds()[0];
            return (upper == Object.class) ? "?" : "? extends " + name(upper);
        }
        return type.getTypeName();
    }

    static String name(JavaType type) {
        if (type.isArrayType()) {
            return name(type.getContentType()) + "[]";
        }
        String raw = name(type.getRawClass());
        if (type.getBindings().isEmpty()) {
            return raw;
        }
        return raw + type.getBindings().getTypeParameters().stream().map(ReadableTypes::name)
                .collect(Collectors.joining(", ", "<", ">"));
    }
}
