package io.goakt.spring.dashboard;

/**
 * Appends JSON to a {@link StringBuilder}. The snapshot is written by hand rather than through an object mapper: one
 * tick of a 100,000-actor system writes a large document, and writing it straight from the actor infos avoids a
 * second object graph and any reflection (so native images need no hints for it).
 *
 * <p>The caller places the commas: {@link #comma()} before every member but the first. Not thread-safe.
 */
final class JsonWriter {

    private final StringBuilder out;

    JsonWriter(StringBuilder out) {
        this.out = out;
    }

    JsonWriter raw(String s) {
        out.append(s);
        return this;
    }

    JsonWriter comma() {
        out.append(',');
        return this;
    }

    /** {@code "name":} */
    JsonWriter name(String name) {
        string(name);
        out.append(':');
        return this;
    }

    JsonWriter field(String name, String value) {
        return name(name).string(value);
    }

    JsonWriter field(String name, long value) {
        name(name);
        out.append(value);
        return this;
    }

    JsonWriter field(String name, double value) {
        name(name);
        if (Double.isFinite(value)) {
            out.append(Math.round(value * 10) / 10.0);
        } else {
            out.append('0');
        }
        return this;
    }

    JsonWriter field(String name, boolean value) {
        name(name);
        out.append(value);
        return this;
    }

    /** A JSON string, or {@code null}. */
    JsonWriter string(String s) {
        if (s == null) {
            out.append("null");
            return this;
        }
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                // '<' escaped so that no value can close a script element the JSON is embedded in
                case '<' -> out.append("\\u003c");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
        return this;
    }
}
