package dev.tinyforge.tflite;

import java.nio.charset.StandardCharsets;

/**
 * Reads fields of a flatbuffer that {@link FlatBufferChecker} has verified, by table position and field
 * id. It exists for the model-level checks, which must read fields (such as {@code Buffer.offset}) that
 * the generated 0.4.4 classes do not have, and must not build object copies of a file that may share
 * one huge vector between a million tables.
 *
 * <p>Positions are byte offsets from the start of the buffer; 0 stands for an absent table, vector or
 * string (position 0 is the root offset, never an object).
 */
final class FlatBufferView {
    private final byte[] buf;

    FlatBufferView(byte[] buf) {
        this.buf = buf;
    }

    int size() {
        return buf.length;
    }

    int root() {
        return (int) u32(0);
    }

    /** The position of a field's inline value, or 0 when the field is absent. */
    int field(int table, int id) {
        int vtable = table - i32(table);
        int slot = 4 + 2 * id;
        if (slot >= u16(vtable)) {
            return 0;
        }
        int offset = u16(vtable + slot);
        return offset == 0 ? 0 : table + offset;
    }

    /** The table, vector or string a field's offset leads to, or 0 when the field is absent. */
    int ref(int table, int id) {
        int at = field(table, id);
        return at == 0 ? 0 : deref(at);
    }

    /** The number of elements of the vector at {@code vec}; 0 for an absent vector. */
    int length(int vec) {
        return vec == 0 ? 0 : (int) u32(vec);
    }

    /** The position of element {@code i} of a vector of {@code size}-byte elements. */
    static int element(int vec, int i, int size) {
        return vec + 4 + i * size;
    }

    /** The table (or string) element {@code i} of a vector of offsets leads to. */
    int tableAt(int vec, int i) {
        return deref(element(vec, i, 4));
    }

    /** The string at {@code pos} (null for 0), cut to its first {@code maxBytes} bytes. */
    String string(int pos, int maxBytes) {
        return pos == 0 ? null : new String(buf, pos + 4, Math.min(length(pos), maxBytes), StandardCharsets.UTF_8);
    }

    long u32Field(int table, int id, long absent) {
        int at = field(table, id);
        return at == 0 ? absent : u32(at);
    }

    int i32Field(int table, int id, int absent) {
        int at = field(table, id);
        return at == 0 ? absent : i32(at);
    }

    int u8Field(int table, int id, int absent) {
        int at = field(table, id);
        return at == 0 ? absent : buf[at] & 0xFF;
    }

    /** An unsigned 64-bit field as a Java long (compare with {@link Long#compareUnsigned}). */
    long u64Field(int table, int id) {
        int at = field(table, id);
        return at == 0 ? 0 : i64(at);
    }

    int deref(int at) {
        return (int) (at + u32(at));
    }

    int u16(int at) {
        return (buf[at] & 0xFF) | (buf[at + 1] & 0xFF) << 8;
    }

    int i32(int at) {
        return (buf[at] & 0xFF) | (buf[at + 1] & 0xFF) << 8 | (buf[at + 2] & 0xFF) << 16 | buf[at + 3] << 24;
    }

    long u32(int at) {
        return Integer.toUnsignedLong(i32(at));
    }

    long i64(int at) {
        return u32(at) | (long) i32(at + 4) << 32;
    }

    float f32(int at) {
        return Float.intBitsToFloat(i32(at));
    }
}
