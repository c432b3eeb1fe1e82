package dev.qasim.report;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The JSON shape of a record type as Jackson writes it: Jackson's own introspection gives the property names, their
 * order and which groups are written flat ({@code @JsonUnwrapped}); the Java types give the JSON types, and
 * jspecify's {@code @Nullable} on a component's type says the value may be null (a component without it never
 * is). The report's JSON Schema ({@link ReportSchema}) and the flat rows' column names ({@link ReportRows}) are
 * both read from these shapes, so neither is written by hand.
 */
sealed interface JsonShape {

    /** A number, integer, string or boolean ({@code numberOrUnlimited}: a number or the string unlimited). */
    record Scalar(String type) implements JsonShape {}

    /** An object with fixed keys, in the order Jackson writes them; {@code name} names its definition. */
    record Obj(String name, Map<String, Property> properties) implements JsonShape {}

    /** A list. */
    record Array(Property items) implements JsonShape {}

    /** A map from keys to values of one shape. */
    record Dict(Property values) implements JsonShape {}

    /** An object's key or an element: its shape and whether it may be null. */
    record Property(JsonShape shape, boolean nullable) {}

    /** The shape of a record type. */
    static Obj of(Class<?> type) {
        return (Obj) new Walker().shape(JsonRenderer.MAPPER.constructType(type), null);
    }

    /** Reads shapes with Jackson's introspection. */
    final class Walker {
        JsonShape shape(JavaType type, @Nullable AnnotatedType annotated) {
            Class<?> raw = type.getRawClass();
            if (type.isCollectionLikeType()) {
                return new Array(property(type.getContentType(), typeArgument(annotated, 0)));
            }
            if (type.isMapLikeType()) {
                return new Dict(property(type.getContentType(), typeArgument(annotated, 1)));
            }
            if (raw.isRecord()) {
                return object(type);
            }
            return new Scalar(scalar(raw));
        }

        private Property property(JavaType type, @Nullable AnnotatedType annotated) {
            boolean nullable = annotated != null && annotated.isAnnotationPresent(Nullable.class);
            return new Property(shape(type, annotated), nullable);
        }

        private Obj object(JavaType type) {
            BeanDescription description = JsonRenderer.MAPPER.getSerializationConfig().introspect(type);
            Map<String, Property> properties = new LinkedHashMap<>();
            for (BeanPropertyDefinition p : description.findProperties()) {
                AnnotatedMember accessor = p.getAccessor();
                AnnotatedType annotated = ((Method) accessor.getAnnotated()).getAnnotatedReturnType();
                if (accessor.hasAnnotation(JsonUnwrapped.class)) {
                    properties.putAll(object(p.getPrimaryType()).properties());
                } else if (accessor.hasAnnotation(ReportArch.NumberOrUnlimited.class)) {
                    properties.put(p.getName(), new Property(new Scalar("numberOrUnlimited"), false));
                } else {
                    properties.put(p.getName(), property(p.getPrimaryType(), annotated));
                }
            }
            String name = type.getRawClass().getName().substring(type.getRawClass().getPackageName().length() + 1);
            return new Obj(name.replace('$', '.'), Collections.unmodifiableMap(properties));
        }

        private static @Nullable AnnotatedType typeArgument(@Nullable AnnotatedType annotated, int index) {
            if (annotated instanceof AnnotatedParameterizedType p && p.getAnnotatedActualTypeArguments().length > index) {
                return p.getAnnotatedActualTypeArguments()[index];
            }
            return null;
        }

        private static String scalar(Class<?> raw) {
            if (raw == String.class) {
                return "string";
            }
            if (raw == boolean.class || raw == Boolean.class) {
                return "boolean";
            }
            if (raw == long.class || raw == int.class || raw == Long.class || raw == Integer.class) {
                return "integer";
            }
            if (raw == double.class || raw == Double.class || raw == Number.class) {
                return "number";
            }
            throw new IllegalArgumentException("no JSON type for " + raw.getName() + ": give the component a JSON type");
        }
    }

    /**
     * An object's scalar leaves by dotted path, in order: nested objects are expanded, a map gives one path per
     * key {@code mapKeys} lists for its key (a map not there has no fixed keys and gives none), lists give none.
     */
    static Map<String, Property> leaves(Obj shape, Map<String, List<String>> mapKeys) {
        Map<String, Property> out = new LinkedHashMap<>();
        leaves("", shape, mapKeys, out);
        return Collections.unmodifiableMap(out);
    }

    private static void leaves(String prefix, Obj shape, Map<String, List<String>> mapKeys, Map<String, Property> out) {
        shape.properties().forEach((key, p) -> {
            String path = prefix + key;
            if (p.shape() instanceof Obj o) {
                leaves(path + ".", o, mapKeys, out);
            } else if (p.shape() instanceof Dict d) {
                mapKeys.getOrDefault(key, List.of()).forEach(k -> out.put(path + "." + k, d.values()));
            } else if (p.shape() instanceof Scalar) {
                out.put(path, p);
            }
        });
    }
}
