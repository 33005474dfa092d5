package dev.tinyforge.tflite;

import dev.tinyforge.tflite.FlatBufferSchema.Field;
import dev.tinyforge.tflite.FlatBufferSchema.Kind;
import dev.tinyforge.tflite.FlatBufferSchema.Table;
import dev.tinyforge.tflite.FlatBufferSchema.Union;
import dev.tinyforge.tflite.TfliteVerifierException.Stage;
import java.nio.charset.StandardCharsets;

/**
 * Verifies a flatbuffer against a {@link FlatBufferSchema} by the rules of flatbuffers' C++
 * {@code Verifier} with its default options, which is what TFLite runs before it reads a model.
 *
 * <p>flatbuffers-java reads fields without any bounds checking, so a damaged file shows up as wrong
 * values or a random exception deep in the reader. After this check every offset, vtable, vector and
 * string reachable from the root lies inside the buffer and every read the schema allows is safe.
 *
 * <p>The rules, as flatbuffers applies them (positions are relative to the start of the buffer):
 * <ul>
 *   <li>an access of {@code n} bytes at {@code p} needs {@code n < size} and {@code p <= size - n}, and
 *       {@code p} aligned to {@code n} for scalars, offsets and vector length prefixes;</li>
 *   <li>the buffer has at least 12 bytes and, when an identifier is asked for, carries it at bytes 4..7;</li>
 *   <li>a field's 32-bit offset is not 0, is below 2^31 and leads into the buffer; the elements of a
 *       vector of tables or strings are followed without those three checks (the table or string they
 *       lead to is checked instead);</li>
 *   <li>a table's 32-bit signed vtable offset leads to a vtable whose 16-bit size is even and which lies
 *       in the buffer; a field id whose slot is past the vtable's size is absent (the table's inline
 *       size is not checked against field offsets);</li>
 *   <li>a vector's length times its element size stays below 2^31 - 1 and within the buffer; a string
 *       is followed by a NUL byte;</li>
 *   <li>a union's value is verified as the member table named by its type byte; type 0 (NONE) and type
 *       codes the schema does not know are accepted without looking at the value;</li>
 *   <li>at most 64 tables nested and 1,000,000 tables visited in all (shared tables count each time
 *       they are reached), which bounds the work on hostile files.</li>
 * </ul>
 * Deprecated fields are not verified. The TFLite schema has no required fields and no structs.
 */
final class FlatBufferChecker {
    static final int MAX_DEPTH = 64;
    /** The first vtable entry flatbuffers-java reads as negative. */
    static final int JAVA_SHORT_LIMIT = 0x8000;
    /** The first vtable entry flatbuffers-java cannot follow, noted without changing this check's verdict. */
    private TfliteVerifierException javaLimit;
    static final int MAX_TABLES = 1_000_000;
    /** flatbuffers' largest buffer: the vector-size guard divides it by the element size. */
    static final long MAX_SIZE = Integer.MAX_VALUE;
    /** A root offset, a vtable offset and two 16-bit vtable fields. */
    static final int MIN_SIZE = 12;

    private static final String CORRUPT = "the file is corrupted or truncated; copy it again or re-export the model";

    private final byte[] buf;
    private final long size;
    private final String source;
    private final FlatBufferSchema schema;
    private final FieldPath path = new FieldPath();
    private int depth;
    private int tables;

    FlatBufferChecker(byte[] buf, String source, FlatBufferSchema schema) {
        this.buf = buf;
        this.size = buf.length;
        this.source = source;
        this.schema = schema;
    }

    /** Verifies the whole buffer from its root table; {@code identifier} may be null. */
    /** After {@link #verify}: a vtable entry flatbuffers-java would read as negative, or {@code null}. */
    TfliteVerifierException javaLimit() {
        return javaLimit;
    }

    void verify(String identifier) {
        if (size < MIN_SIZE) {
            throw fail("too short", "file header", size + " bytes is too short for a flatbuffer (at least " + MIN_SIZE
                    + ")");
        }
        if (identifier != null) {
            String found = new String(buf, 4, 4, StandardCharsets.ISO_8859_1);
            if (!found.equals(identifier)) {
                throw new TfliteVerifierException(Stage.STRUCTURE, "wrong identifier", source + ": not a .tflite file: "
                        + "the flatbuffer identifier at bytes 4..7 is '" + FieldPath.clean(found) + "', expected '"
                        + identifier + "'; check the path or export the model again");
            }
        }
        long root = offset(0, "root offset");
        table(root, schema.root());
    }

    private void table(long pos, Table spec) {
        depth++;
        tables++;
        scalar(pos, 4, "table start");
        long vtable = pos - i32(pos);
        if (depth > MAX_DEPTH) {
            throw fail("nesting too deep", null, "tables nested more than " + MAX_DEPTH + " deep");
        }
        if (tables > MAX_TABLES) {
            throw fail("too many tables", null, "more than " + MAX_TABLES + " tables");
        }
        if (!aligned(vtable, 2) || !inBounds(vtable, 2)) {
            throw fail("vtable out of bounds", null, "the table at byte " + pos + " has its vtable at byte " + vtable
                    + (inBounds(vtable, 2) ? ", which is not 2-byte aligned" : ", outside the file (" + size
                    + " bytes)"));
        }
        int vsize = u16(vtable);
        if (vsize >= JAVA_SHORT_LIMIT) {
            noteJavaLimit("the vtable at byte " + vtable + " declares " + vsize + " bytes");
        }
        if ((vsize & 1) != 0) {
            throw fail("vtable size odd", null, "the vtable at byte " + vtable + " declares an odd size " + vsize);
        }
        if (!inBounds(vtable, vsize)) {
            throw fail("vtable out of bounds", null, "the vtable at byte " + vtable + " declares " + vsize
                    + " bytes, running past the end of the file (" + size + " bytes)");
        }
        for (Field f : spec.fields()) {
            field(pos, vtable, vsize, f);
        }
        depth--;
    }

    private void field(long table, long vtable, int vsize, Field f) {
        if (f.kind() == Kind.DEPRECATED) {
            return;
        }
        int slot = 4 + 2 * f.id();
        int fieldOffset = slot < vsize ? u16(vtable + slot) : 0;
        if (fieldOffset == 0) {
            return;
        }
        if (fieldOffset >= JAVA_SHORT_LIMIT) {
            noteJavaLimit("the vtable at byte " + vtable + " puts field '" + f.name() + "' " + fieldOffset
                    + " bytes into its table");
        }
        long at = table + fieldOffset;
        path.push(f.name(), -1);
        switch (f.kind()) {
            case SCALAR, UNION_TYPE -> scalar(at, f.size(), "field");
            case STRING -> string(offset(at, "offset"));
            case TABLE -> table(offset(at, "offset"), schema.table(f.ref()));
            case SCALAR_VECTOR -> vector(offset(at, "offset"), f.size());
            case STRING_VECTOR -> {
                long vec = offset(at, "offset");
                long n = vector(vec, 4);
                path.pop();
                for (long i = 0; i < n; i++) {
                    path.push(f.name(), i);
                    string(element(vec, i));
                    path.pop();
                }
                return;
            }
            case TABLE_VECTOR -> {
                long vec = offset(at, "offset");
                long n = vector(vec, 4);
                path.pop();
                Table spec = schema.table(f.ref());
                for (long i = 0; i < n; i++) {
                    path.push(f.name(), i);
                    table(element(vec, i), spec);
                    path.pop();
                }
                return;
            }
            case UNION_VALUE -> union(table, vtable, vsize, f, offset(at, "offset"));
            default -> throw new IllegalStateException(f.kind().toString());
        }
        if (f.kind() == Kind.STRING && f.name().equals("name")) {
            // Verified: label the enclosing element (a tensor, a subgraph) for later messages.
            path.pop();
            path.label(readString(table + fieldOffset + u32(table + fieldOffset)));
            return;
        }
        path.pop();
    }

    private void union(long table, long vtable, int vsize, Field value, long target) {
        int typeSlot = 4 + 2 * (value.id() - 1);
        int typeOffset = typeSlot < vsize ? u16(vtable + typeSlot) : 0;
        int type = typeOffset == 0 ? 0 : buf[(int) (table + typeOffset)] & 0xFF;
        Union u = schema.union(value.ref());
        String member = u.member(type);
        if (member != null) {
            path.label(member);
            table(target, schema.table(member));
        }
    }

    /** The position a vector-of-offsets element leads to; checked by the table or string verified there. */
    private long element(long vec, long i) {
        long at = vec + 4 + 4 * i;
        return at + u32(at);
    }

    /** Checks a 32-bit offset at {@code at} and returns the position it leads to. */
    private long offset(long at, String what) {
        scalar(at, 4, what);
        long o = u32(at);
        if (o == 0) {
            throw fail("zero offset", null, "the " + what + " at byte " + at + " is 0");
        }
        if (o > Integer.MAX_VALUE || !inBounds(at + o, 1)) {
            throw fail("offset out of bounds", null, "the " + what + " at byte " + at + " leads to byte " + (at + o)
                    + ", outside the file (" + size + " bytes)");
        }
        return at + o;
    }

    /** Checks a vector's length prefix and elements; returns its length. */
    private long vector(long vec, int elementSize) {
        scalar(vec, 4, "vector length");
        long n = u32(vec);
        if (n >= MAX_SIZE / elementSize || !inBounds(vec, 4 + n * elementSize)) {
            throw fail("vector out of bounds", null, "the vector at byte " + vec + " declares " + n + " elements of "
                    + elementSize + " bytes, running past the end of the file (" + size + " bytes)");
        }
        return n;
    }

    private void string(long pos) {
        long end = pos + 4 + vector(pos, 1);
        if (!inBounds(end, 1) || buf[(int) end] != 0) {
            throw fail("string without NUL", null, "the string at byte " + pos + " is not followed by a NUL byte");
        }
    }

    private void scalar(long at, int n, String what) {
        if (!inBounds(at, n)) {
            throw fail("out of bounds", null, "the " + n + "-byte " + what + " at byte " + at
                    + " lies outside the file (" + size + " bytes)");
        }
        if (!aligned(at, n)) {
            throw fail("misaligned", null, "the " + n + "-byte " + what + " at byte " + at + " is not " + n
                    + "-byte aligned");
        }
    }

    private boolean inBounds(long at, long n) {
        return n < size && at >= 0 && at <= size - n;
    }

    private static boolean aligned(long at, int n) {
        return (at & (n - 1)) == 0;
    }

    /**
     * flatbuffers-java reads vtable entries as signed 16-bit values, so an entry of 32 KB or more, which
     * flatbuffers' C++ verifier accepts, becomes a negative offset: a read before the table, or an
     * IndexOutOfBoundsException (found by fuzzing). No exporter writes tables that large. A model-stage
     * refusal ({@link #javaLimit()}, thrown by {@link TfliteVerifier#verify} once this check passed), since
     * TFLite's own verifier accepts some such files.
     */
    private void noteJavaLimit(String what) {
        if (javaLimit != null) {
            return;
        }
        javaLimit = new TfliteVerifierException(Stage.MODEL, "vtable entry of 32 KB or more", source + ": "
                + path.render() + ": " + what + ", 32 KB or more, which no exporter writes and TinyForge's "
                + "flatbuffers reader cannot follow; " + CORRUPT);
    }

    private TfliteVerifierException fail(String rule, String where, String what) {
        String place = where != null ? where : path.render();
        return new TfliteVerifierException(Stage.STRUCTURE, rule, source + ": " + place + ": " + what + "; " + CORRUPT);
    }

    private String readString(long pos) {
        int n = (int) u32(pos);
        return new String(buf, (int) pos + 4, Math.min(n, 256), StandardCharsets.UTF_8);
    }

    private int u16(long at) {
        int i = (int) at;
        return (buf[i] & 0xFF) | (buf[i + 1] & 0xFF) << 8;
    }

    private int i32(long at) {
        int i = (int) at;
        return (buf[i] & 0xFF) | (buf[i + 1] & 0xFF) << 8 | (buf[i + 2] & 0xFF) << 16 | buf[i + 3] << 24;
    }

    private long u32(long at) {
        return Integer.toUnsignedLong(i32(at));
    }
}
