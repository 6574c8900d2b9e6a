package io.pgmux.bench;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** A minimal JSON writer for the report: objects, arrays, strings, numbers (NaN as null), booleans. */
final class Json {

    private final StringBuilder out = new StringBuilder();
    private boolean needsComma;

    Json open() {
        comma();
        out.append('{');
        needsComma = false;
        return this;
    }

    Json close() {
        out.append('}');
        needsComma = true;
        return this;
    }

    Json openArray() {
        comma();
        out.append('[');
        needsComma = false;
        return this;
    }

    Json closeArray() {
        out.append(']');
        needsComma = true;
        return this;
    }

    /** Writes a key; the next value or open() belongs to it. */
    Json name(String name) {
        comma();
        string(name);
        out.append(':');
        needsComma = false;
        return this;
    }

    void field(String name, String value) {
        name(name);
        if (value == null) {
            out.append("null");
        } else {
            string(value);
        }
        needsComma = true;
    }

    void field(String name, double value) {
        name(name);
        out.append(Double.isNaN(value) || Double.isInfinite(value) ? "null" : String.format(Locale.ROOT, "%.3f", value));
        needsComma = true;
    }

    void field(String name, long value) {
        name(name);
        out.append(value);
        needsComma = true;
    }

    void field(String name, boolean value) {
        name(name);
        out.append(value);
        needsComma = true;
    }

    /** An array element, to four significant digits. */
    void value(double value) {
        comma();
        out.append(Double.isNaN(value) || Double.isInfinite(value) ? "null"
                : new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toPlainString());
        needsComma = true;
    }

    void value(long value) {
        comma();
        out.append(value);
        needsComma = true;
    }

    private void comma() {
        if (needsComma) {
            out.append(',');
        }
    }

    private void string(String value) {
        out.append('"');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
