package dev.tinyforge.zoo;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.tinyforge.ir.Activation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The JSON form of {@link ArchitectureSpec}: one strict Jackson mapper (no unknown fields, no
 * duplicate keys, no {@code "3"} for 3 nor 3.5 for an integer), Jackson's errors turned into
 * messages that name the block and the field, and a writer that puts one block on a line.
 */
final class SpecJson {
    private static final Pattern MISSING = Pattern.compile("Missing required creator property '([^']+)'");

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .addModule(new SimpleModule("tinyforge-activation")
                    .addSerializer(Activation.class, new ActivationSerializer())
                    .addDeserializer(Activation.class, new ActivationDeserializer()))
            .build();

    private SpecJson() {
    }

    static ArchitectureSpec read(String json, String source) {
        try {
            ArchitectureSpec spec = MAPPER.readValue(json, ArchitectureSpec.class);
            if (spec == null) {
                throw new SpecException(source, List.of("expected a JSON object (the spec), got null"));
            }
            return spec;
        } catch (StreamReadException e) {
            throw new SpecException(source, List.of(syntax(e)));
        } catch (DatabindException e) {
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                if (c instanceof StreamReadException r) {
                    throw new SpecException(source, List.of(syntax(r)));
                }
            }
            throw new SpecException(source, List.of(message((JsonMappingException) e, json)));
        } catch (JsonProcessingException e) {
            throw new SpecException(source, List.of(e.getOriginalMessage()));
        }
    }

    private static String syntax(StreamReadException e) {
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
        return where + "not valid JSON: " + e.getOriginalMessage();
    }

    /** Jackson's error as {@code "<where>: <field>: <what is wrong>"}. */
    static String message(JsonMappingException e, String json) {
        List<JsonMappingException.Reference> path = e.getPath();
        if (e instanceof UnrecognizedPropertyException u) {
            TreeSet<String> known = new TreeSet<>();
            for (Object o : u.getKnownPropertyIds()) {
                known.add(String.valueOf(o));
            }
            return unknownField(where(path.subList(0, Math.max(0, path.size() - 1))), u.getPropertyName(), known);
        }
        String where = where(path);
        if (e instanceof InvalidTypeIdException t) {
            return t.getTypeId() == null
                    ? where + "kind is missing; use one of " + String.join(", ", blockKinds())
                    : where + "kind '" + t.getTypeId() + "' is not known; use one of " + String.join(", ", blockKinds());
        }
        if (e instanceof InvalidFormatException f) {
            return where + "expected " + expected(f.getTargetType()) + ", got " + render(f.getValue());
        }
        if (e instanceof MismatchedInputException m) {
            Matcher missing = MISSING.matcher(m.getOriginalMessage());
            if (missing.find()) {
                // Jackson finds a missing field before an unknown one: "kernal" should not read as "kernel is missing"
                List<JsonMappingException.Reference> objectPath = path;
                Class<?> type = null;
                if (!path.isEmpty() && missing.group(1).equals(path.get(path.size() - 1).getFieldName())) {
                    Object from = path.get(path.size() - 1).getFrom();
                    type = from instanceof Class<?> c ? c : from == null ? null : from.getClass();
                    objectPath = path.subList(0, path.size() - 1);
                }
                String at = where(objectPath);
                String unknown = firstUnknownField(json, objectPath, type);
                return unknown != null ? unknownField(at, unknown, knownFields(type))
                        : at + missing.group(1) + " is missing";
            }
            if (m.getOriginalMessage().startsWith("No content to map")) {
                return "the file is empty; expected a JSON object (the spec)";
            }
            if (m.getTargetType() != null) {
                String got = got(m);
                return (path.isEmpty() ? "" : where) + "expected " + expected(m.getTargetType())
                        + (path.isEmpty() ? " (the spec)" : "") + (got == null ? "" : ", got " + got);
            }
        }
        if (e instanceof ValueInstantiationException v && v.getCause() != null) {
            return where + v.getCause().getMessage();
        }
        return where + e.getOriginalMessage();
    }

    private static String unknownField(String where, String field, Set<String> known) {
        return where + "unknown field '" + field + "'; expected one of " + String.join(", ", known);
    }

    /** The JSON fields a spec record reads: its creator's properties. */
    private static Set<String> knownFields(Class<?> type) {
        Set<String> known = new TreeSet<>();
        if (type == null) {
            return known;
        }
        BeanDescription d = MAPPER.getDeserializationConfig().introspect(MAPPER.constructType(type));
        for (BeanPropertyDefinition p : d.findProperties()) {
            known.add(p.getName());
        }
        return known;
    }

    /** The first field of the object at {@code path} that {@code type} does not read, or {@code null}. */
    private static String firstUnknownField(String json, List<JsonMappingException.Reference> path, Class<?> type) {
        Set<String> known = knownFields(type);
        if (known.isEmpty()) {
            return null;
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return null;
        }
        for (JsonMappingException.Reference r : path) {
            node = r.getFieldName() != null ? node.get(r.getFieldName()) : node.get(r.getIndex());
            if (node == null) {
                return null;
            }
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (!known.contains(n) && !(n.equals("kind") && BlockSpec.class.isAssignableFrom(type))) {
                return n;
            }
        }
        return null;
    }

    /** The path as {@code "block 3: se: ratio: "}; empty at the top. */
    private static String where(List<JsonMappingException.Reference> path) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < path.size(); i++) {
            JsonMappingException.Reference r = path.get(i);
            if ("blocks".equals(r.getFieldName()) && i + 1 < path.size() && path.get(i + 1).getIndex() >= 0) {
                parts.add("block " + path.get(i + 1).getIndex());
                i++;
            } else if (r.getFieldName() != null) {
                parts.add(r.getFieldName());
            } else {
                parts.add("[" + r.getIndex() + "]");
            }
        }
        return parts.isEmpty() ? "" : String.join(": ", parts) + ": ";
    }

    /** The block kinds, from {@link BlockSpec}'s {@link JsonSubTypes}. */
    static List<String> blockKinds() {
        return Arrays.stream(BlockSpec.class.getAnnotation(JsonSubTypes.class).value())
                .map(JsonSubTypes.Type::name).collect(Collectors.toList());
    }

    private static String expected(Class<?> t) {
        if (t == null) {
            return "another value";
        }
        if (t == int.class || t == Integer.class || t == long.class || t == Long.class) {
            return "an integer";
        }
        if (t == double.class || t == Double.class || t == float.class || t == Float.class) {
            return "a number";
        }
        if (t == boolean.class || t == Boolean.class) {
            return "true or false";
        }
        if (t == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(t)) {
            return "an array";
        }
        if (t == Activation.class) {
            return "one of " + activationNames();
        }
        if (t.isEnum()) {
            return "one of " + Arrays.stream(t.getEnumConstants()).map(c -> jsonName((Enum<?>) c))
                    .collect(Collectors.joining(", "));
        }
        return "an object";
    }

    private static String jsonName(Enum<?> c) {
        try {
            JsonProperty p = c.getDeclaringClass().getField(c.name()).getAnnotation(JsonProperty.class);
            return p == null ? c.name() : p.value();
        } catch (NoSuchFieldException e) {
            return c.name();
        }
    }

    private static String got(MismatchedInputException m) {
        if (!(m.getProcessor() instanceof JsonParser p) || p.currentToken() == null) {
            return null;
        }
        JsonToken t = p.currentToken();
        try {
            switch (t) {
                case START_OBJECT:
                case FIELD_NAME:
                    return "an object";
                case START_ARRAY:
                    return "an array";
                case VALUE_STRING:
                    return render(p.getText());
                default:
                    return p.getText();
            }
        } catch (IOException e) {
            return null;
        }
    }

    private static String render(Object value) {
        if (value instanceof String s) {
            try {
                return MAPPER.writeValueAsString(s);
            } catch (JsonProcessingException e) {
                return "\"" + s + "\"";
            }
        }
        return String.valueOf(value);
    }

    static String activationNames() {
        return Arrays.stream(Activation.values()).map(SpecJson::activationName).collect(Collectors.joining(", "));
    }

    static String activationName(Activation a) {
        return a.name().toLowerCase(Locale.ROOT);
    }

    // --- writing --------------------------------------------------------------------------------

    static String write(ArchitectureSpec spec) {
        com.fasterxml.jackson.databind.node.ObjectNode tree = MAPPER.valueToTree(spec);
        if (spec.inputs() == 1) {
            tree.remove("inputs"); // the defaults a single-input, single-output spec leaves out
        }
        if (spec.extraOutputs().isEmpty()) {
            tree.remove("extra_outputs");
        }
        StringBuilder sb = new StringBuilder("{\n");
        Iterator<Map.Entry<String, JsonNode>> fields = tree.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            sb.append("  ").append(quote(f.getKey())).append(": ");
            if (f.getKey().equals("blocks") && f.getValue().size() > 0) {
                sb.append("[\n");
                for (int i = 0; i < f.getValue().size(); i++) {
                    sb.append("    ").append(inline(f.getValue().get(i))).append(i + 1 < f.getValue().size() ? ",\n" : "\n");
                }
                sb.append("  ]");
            } else {
                sb.append(inline(f.getValue()));
            }
            sb.append(fields.hasNext() ? ",\n" : "\n");
        }
        return sb.append("}\n").toString();
    }

    private static String inline(JsonNode n) {
        if (n.isObject()) {
            StringBuilder sb = new StringBuilder("{");
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                sb.append(quote(f.getKey())).append(": ").append(inline(f.getValue()));
                if (it.hasNext()) {
                    sb.append(", ");
                }
            }
            return sb.append('}').toString();
        }
        if (n.isArray()) {
            List<String> items = new ArrayList<>();
            n.forEach(e -> items.add(inline(e)));
            return "[" + String.join(", ", items) + "]";
        }
        if (n.isFloatingPointNumber() && n.doubleValue() == Math.rint(n.doubleValue())
                && Math.abs(n.doubleValue()) < 1e15) {
            return Long.toString((long) n.doubleValue()); // "expand": 6, not 6.0; reads back as the same double
        }
        return n.toString();
    }

    private static String quote(String s) {
        return render(s);
    }

    private static final class ActivationSerializer extends StdSerializer<Activation> {
        private static final long serialVersionUID = 1L;

        ActivationSerializer() {
            super(Activation.class);
        }

        @Override
        public void serialize(Activation value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(activationName(value));
        }
    }

    private static final class ActivationDeserializer extends StdDeserializer<Activation> {
        private static final long serialVersionUID = 1L;

        ActivationDeserializer() {
            super(Activation.class);
        }

        @Override
        public Activation deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return (Activation) ctxt.handleUnexpectedToken(Activation.class, p);
            }
            String text = p.getText();
            for (Activation a : Activation.values()) {
                if (activationName(a).equals(text)) {
                    return a;
                }
            }
            throw InvalidFormatException.from(p, "unknown activation", text, Activation.class);
        }
    }
}
