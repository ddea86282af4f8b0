package io.goakt.remote;

/** Stream compression of a connection, negotiated in the handshake: the client offers, the server picks. */
public enum Compression {
    /** Plain frames. */
    NONE("none"),
    /** LZ4 frames: cheap on CPU. */
    LZ4("lz4"),
    /** Zstandard: better ratio for more CPU. */
    ZSTD("zstd");

    private final String wireName;

    Compression(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in the handshake. */
    public String wireName() {
        return wireName;
    }

    /** The constant for a wire or property name, case-insensitive. */
    public static Compression of(String name) {
        for (Compression c : values()) {
            if (c.wireName.equalsIgnoreCase(name.trim())) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown compression '" + name + "', expected none, lz4 or zstd");
    }
}
