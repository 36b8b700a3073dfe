package dev.cascade.scaleout.clickhouse;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-side ClickHouse RowBinary codec written from the format documentation (little-endian integers, LEB128-prefixed
 * strings, Nullable = one null byte then the value, LowCardinality(T) = T): decodes what the store sends and encodes
 * the server's RowBinaryWithNamesAndTypes answers. Independent of the store's own writer on purpose.
 */
final class RowBinary {
    private RowBinary() {
    }

    static List<List<Object>> decodeRows(byte[] data, List<String> types) {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        List<List<Object>> rows = new ArrayList<>();
        while (b.hasRemaining()) {
            List<Object> row = new ArrayList<>();
            for (String t : types) {
                row.add(read(b, t));
            }
            rows.add(row);
        }
        return rows;
    }

    private static Object read(ByteBuffer b, String type) {
        if (type.startsWith("LowCardinality(")) {
            return read(b, type.substring("LowCardinality(".length(), type.length() - 1));
        }
        return switch (type) {
            case "Int64" -> b.getLong();
            case "Int32" -> b.getInt();
            case "Bool" -> b.get() != 0;
            case "String" -> {
                byte[] s = new byte[(int) leb(b)];
                b.get(s);
                yield new String(s, StandardCharsets.UTF_8);
            }
            default -> throw new IllegalArgumentException(type);
        };
    }

    private static long leb(ByteBuffer b) {
        long v = 0;
        int shift = 0;
        while (true) {
            int x = b.get() & 0xff;
            v |= (long) (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                return v;
            }
            shift += 7;
        }
    }

    /** A RowBinaryWithNamesAndTypes body: column count, names, types, then the rows. */
    static byte[] withNamesAndTypes(List<String> names, List<String> types, List<List<Object>> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeLeb(out, names.size());
        names.forEach(n -> writeString(out, n));
        types.forEach(t -> writeString(out, t));
        for (List<Object> row : rows) {
            for (int i = 0; i < types.size(); i++) {
                write(out, types.get(i), row.get(i));
            }
        }
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String type, Object v) {
        if (type.startsWith("LowCardinality(")) {
            write(out, type.substring("LowCardinality(".length(), type.length() - 1), v);
            return;
        }
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        switch (type) {
            case "Int64" -> out.write(b.putLong((Long) v).array(), 0, 8);
            case "Int32" -> out.write(b.putInt((Integer) v).array(), 0, 4);
            case "String" -> writeString(out, (String) v);
            default -> throw new IllegalArgumentException(type);
        }
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        writeLeb(out, bytes.length);
        out.write(bytes, 0, bytes.length);
    }

    private static void writeLeb(ByteArrayOutputStream out, long n) {
        do {
            int bits = (int) (n & 0x7f);
            n >>>= 7;
            out.write(n == 0 ? bits : bits | 0x80);
        } while (n != 0);
    }
}
