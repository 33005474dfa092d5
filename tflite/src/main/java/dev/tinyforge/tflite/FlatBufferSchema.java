package dev.tinyforge.tflite;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shape of a flatbuffers schema as a verifier needs it: for each table, its fields by id and what
 * each one holds (a scalar of so many bytes, a string, a table, a vector, a union).
 *
 * <p>It exists so that {@link FlatBufferChecker} can verify any table from one description instead of
 * one hand-written method per table, and so that the description can be compared field by field with
 * what a real implementation accepts (see {@code VerifierDifferentialTest}).
 *
 * <p>The text form, one declaration per line ({@code #} starts a comment):
 * <pre>
 * table Name: field kind, field kind, ...      fields get ids 0, 1, 2, ... in order
 * empty Name, Name, ...                        tables without fields
 * union Name: Member, Member, ...              members get type codes 1, 2, 3, ... in order
 * </pre>
 * A kind is a scalar ({@code bool u8 i8 u16 i16 u32 i32 f32 u64 i64 f64}), {@code string}, a table
 * name, a union name (which takes two ids, the type byte and the value), {@code [scalar]},
 * {@code [string]}, {@code [Table]}, or {@code deprecated} (the id is reserved and never verified).
 */
public final class FlatBufferSchema {
    /** What a field holds. */
    public enum Kind {
        SCALAR, STRING, TABLE, UNION_TYPE, UNION_VALUE, SCALAR_VECTOR, STRING_VECTOR, TABLE_VECTOR, DEPRECATED;

        /** Whether the field's inline value is a 32-bit offset to something stored elsewhere. */
        public boolean isOffset() {
            return this == STRING || this == TABLE || this == UNION_VALUE || this == SCALAR_VECTOR
                    || this == STRING_VECTOR || this == TABLE_VECTOR;
        }
    }

    /**
     * One field.
     *
     * @param size the scalar's size, or the element size of a scalar vector (4 for offsets)
     * @param ref the table or union the field refers to, or null
     */
    public record Field(int id, String name, Kind kind, int size, String ref) {
    }

    /** One table: its fields in id order. */
    public record Table(String name, List<Field> fields) {
        public Table {
            fields = List.copyOf(fields);
        }

        /** The number of ids the table uses (deprecated ones included). */
        public int idCount() {
            return fields.size();
        }

        public Field field(String fieldName) {
            for (Field f : fields) {
                if (f.name().equals(fieldName)) {
                    return f;
                }
            }
            throw new IllegalArgumentException("table " + name + " has no field " + fieldName);
        }
    }

    /** One union: its member tables; member {@code i} (0-based here) has type code {@code i + 1}. */
    public record Union(String name, List<String> members) {
        public Union {
            members = List.copyOf(members);
        }

        /** The member table of a type code, or null for NONE (0) and codes this schema does not know. */
        public String member(int typeCode) {
            return typeCode >= 1 && typeCode <= members.size() ? members.get(typeCode - 1) : null;
        }
    }

    private static final Map<String, Integer> SCALAR_SIZES = Map.ofEntries(Map.entry("bool", 1), Map.entry("u8", 1),
            Map.entry("i8", 1), Map.entry("u16", 2), Map.entry("i16", 2), Map.entry("u32", 4), Map.entry("i32", 4),
            Map.entry("f32", 4), Map.entry("u64", 8), Map.entry("i64", 8), Map.entry("f64", 8));

    private final Map<String, Table> tables;
    private final Map<String, Union> unions;
    private final String root;

    private FlatBufferSchema(Map<String, Table> tables, Map<String, Union> unions, String root) {
        this.tables = tables;
        this.unions = unions;
        this.root = root;
    }

    public Table root() {
        return tables.get(root);
    }

    public Table table(String name) {
        Table t = tables.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no table " + name + " in the schema");
        }
        return t;
    }

    public Union union(String name) {
        Union u = unions.get(name);
        if (u == null) {
            throw new IllegalArgumentException("no union " + name + " in the schema");
        }
        return u;
    }

    public List<Table> tables() {
        return List.copyOf(tables.values());
    }

    public List<Union> unions() {
        return List.copyOf(unions.values());
    }

    /**
     * Parses the text form described in the class comment.
     *
     * @throws IllegalArgumentException naming the line for a malformed declaration or a reference to an
     *     undeclared table or union
     */
    public static FlatBufferSchema parse(String text, String root) {
        Map<String, List<String[]>> rawTables = new LinkedHashMap<>();
        Map<String, Union> unions = new LinkedHashMap<>();
        for (String rawLine : text.split("\n")) {
            String line = rawLine.replaceAll("#.*", "").strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("empty ")) {
                for (String name : line.substring(6).split(",")) {
                    rawTables.put(name.strip(), List.of());
                }
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("schema line without ':': " + rawLine);
            }
            String[] head = line.substring(0, colon).strip().split("\\s+");
            if (head.length != 2) {
                throw new IllegalArgumentException("schema line without 'table Name' or 'union Name': " + rawLine);
            }
            List<String> items = new ArrayList<>();
            for (String item : line.substring(colon + 1).split(",")) {
                if (!item.isBlank()) {
                    items.add(item.strip());
                }
            }
            if (head[0].equals("union")) {
                unions.put(head[1], new Union(head[1], items));
            } else if (head[0].equals("table")) {
                List<String[]> fields = new ArrayList<>();
                for (String item : items) {
                    String[] parts = item.split("\\s+");
                    if (parts.length != 2) {
                        throw new IllegalArgumentException("field is not 'name kind': '" + item + "' in " + rawLine);
                    }
                    fields.add(parts);
                }
                rawTables.put(head[1], fields);
            } else {
                throw new IllegalArgumentException("unknown declaration '" + head[0] + "': " + rawLine);
            }
        }
        Map<String, Table> tables = new LinkedHashMap<>();
        for (Map.Entry<String, List<String[]>> e : rawTables.entrySet()) {
            tables.put(e.getKey(), new Table(e.getKey(), fields(e.getKey(), e.getValue(), rawTables, unions)));
        }
        for (Union u : unions.values()) {
            for (String m : u.members()) {
                if (!tables.containsKey(m)) {
                    throw new IllegalArgumentException("union " + u.name() + " names undeclared table " + m);
                }
            }
        }
        if (!tables.containsKey(root)) {
            throw new IllegalArgumentException("root table " + root + " is not declared");
        }
        return new FlatBufferSchema(java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tables)),
                java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(unions)), root);
    }

    private static List<Field> fields(String table, List<String[]> raw, Map<String, List<String[]>> tables,
            Map<String, Union> unions) {
        List<Field> fields = new ArrayList<>();
        for (String[] f : raw) {
            String name = f[0];
            String kind = f[1];
            int id = fields.size();
            boolean vector = kind.startsWith("[") && kind.endsWith("]");
            String inner = vector ? kind.substring(1, kind.length() - 1) : kind;
            Integer scalar = SCALAR_SIZES.get(inner);
            if (kind.equals("deprecated")) {
                fields.add(new Field(id, name, Kind.DEPRECATED, 0, null));
            } else if (scalar != null) {
                fields.add(new Field(id, name, vector ? Kind.SCALAR_VECTOR : Kind.SCALAR, scalar, null));
            } else if (inner.equals("string")) {
                fields.add(new Field(id, name, vector ? Kind.STRING_VECTOR : Kind.STRING, 4, null));
            } else if (tables.containsKey(inner)) {
                fields.add(new Field(id, name, vector ? Kind.TABLE_VECTOR : Kind.TABLE, 4, inner));
            } else if (!vector && unions.containsKey(inner)) {
                fields.add(new Field(id, name + "_type", Kind.UNION_TYPE, 1, inner));
                fields.add(new Field(id + 1, name, Kind.UNION_VALUE, 4, inner));
            } else {
                throw new IllegalArgumentException("table " + table + " field " + name + ": unknown kind " + kind);
            }
        }
        return fields;
    }
}
