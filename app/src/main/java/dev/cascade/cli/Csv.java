package dev.cascade.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * RFC 4180 CSV: fields separated by commas, records ended by CRLF, a field that holds a comma, a double quote, CR or
 * LF is enclosed in double quotes with its quotes doubled. Null is the empty field.
 */
final class Csv {
    private Csv() {
    }

    static String field(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\r') < 0 && s.indexOf('\n') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    static String record(List<?> fields) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(field(fields.get(i)));
        }
        return b.append("\r\n").toString();
    }

    static void print(PrintStream out, Object... fields) {
        out.print(record(java.util.Arrays.asList(fields)));
    }
}
