package io.goakt.internal.util;

import java.time.Duration;

/**
 * The accepted range of every value that one side checks when it is configured and another side checks when it
 * arrives: system and actor names (local spawn, the remoting handshake, cluster names and singletons), frame sizes
 * (the config and the frame decoder), host names and ports (the config and the handshake), and the timeouts the
 * network layer holds in an {@code int} of milliseconds. Each range is one constant here with one check, and every
 * side calls that check, so a value one side accepts is never refused by another. {@code docs/reliability.md}
 * ("Limits") lists each pair.
 *
 * <p>Each check returns the problem as text, or null when the value is within its range: the config builders
 * throw it as an {@link IllegalArgumentException}, the handshake sends it as its refusal.
 *
 * <p>Threading: stateless.
 */
public final class Limits {

    /** The longest system name and actor name, in characters. */
    public static final int MAX_NAME_LENGTH = 255;
    /** The characters an actor name may hold besides ASCII letters and digits. */
    public static final String ACTOR_NAME_SYMBOLS = "-_.:@~+=!";
    /** The smallest max frame size, in bytes (the 4-byte length prefix not counted). */
    public static final int MIN_FRAME_SIZE = 1024;
    /**
     * The largest max frame size, in bytes: 1 GiB. The decoders add the length prefix and size buffers from it, and
     * a frame is one Java array, so the bound keeps that arithmetic far from {@code Integer.MAX_VALUE}.
     */
    public static final int MAX_FRAME_SIZE = 1 << 30;
    /**
     * The longest text form of an actor ref ({@code goakt://system@host:port/path#uid}) inside a message, in
     * characters: the sender refuses to write a longer one, the receiver to read it.
     */
    public static final int MAX_REF_TEXT_LENGTH = 2048;
    /** The longest cluster name, in characters. */
    public static final int MAX_CLUSTER_NAME_LENGTH = 100;
    /** The longest host name or address, in characters: a DNS name's limit. */
    public static final int MAX_HOST_LENGTH = 253;
    /** The highest TCP port. */
    public static final int MAX_PORT = 65535;
    /**
     * The longest timeout or interval of the actor system and remoting configs: {@code Integer.MAX_VALUE}
     * milliseconds (24 days 20 hours). The connect timeout reaches Netty in an {@code int} of milliseconds, and the
     * timer wheel adds a delay to the clock in nanoseconds, which a delay of centuries would overflow.
     */
    public static final Duration MAX_TIMEOUT = Duration.ofMillis(Integer.MAX_VALUE);

    private Limits() {
    }

    /** A system name: 1 to {@value #MAX_NAME_LENGTH} ASCII letters, digits, {@code -} and {@code _}. */
    public static String systemNameProblem(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            return "system name must have 1 to " + MAX_NAME_LENGTH + " characters, was " + quote(name);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(letterOrDigit(c) || c == '-' || c == '_')) {
                return "system name " + quote(name) + " may only hold letters, digits, - and _";
            }
        }
        return null;
    }

    /**
     * An actor name, or a name that becomes one: 1 to {@code maxLength} ASCII letters, digits and
     * {@value #ACTOR_NAME_SYMBOLS}, not starting with {@code $} (the runtime's own names).
     *
     * @param what      what the name is, for the message ("actor name", "singleton name")
     * @param maxLength {@value #MAX_NAME_LENGTH}, less the length of a prefix the runtime adds to the name
     */
    public static String actorNameProblem(String name, String what, int maxLength) {
        if (name == null || name.isEmpty()) {
            return what + " must not be empty";
        }
        if (name.length() > maxLength) {
            return what + " must be at most " + maxLength + " characters: " + name;
        }
        if (name.charAt(0) == '$') {
            return what + "s starting with '$' are reserved: " + name;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!letterOrDigit(c) && ACTOR_NAME_SYMBOLS.indexOf(c) < 0) {
                return what + " '" + name + "' has a character that is not allowed: '" + c
                        + "' (allowed: letters, digits and - _ . : @ ~ + = !)";
            }
        }
        return null;
    }

    /** A cluster name: 1 to {@value #MAX_CLUSTER_NAME_LENGTH} characters without blanks. */
    public static String clusterNameProblem(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_CLUSTER_NAME_LENGTH
                || name.chars().anyMatch(Character::isWhitespace)) {
            return "clusterName must be 1 to " + MAX_CLUSTER_NAME_LENGTH + " characters without spaces, was "
                    + quote(name);
        }
        return null;
    }

    /** A max frame size in bytes: within [{@value #MIN_FRAME_SIZE}, {@value #MAX_FRAME_SIZE}]. */
    public static String frameSizeProblem(long bytes) {
        return bytes < MIN_FRAME_SIZE || bytes > MAX_FRAME_SIZE
                ? "max frame size must be within [" + MIN_FRAME_SIZE + ", " + MAX_FRAME_SIZE + "] bytes, was " + bytes
                : null;
    }

    /** A host name or address: 1 to {@value #MAX_HOST_LENGTH} characters, none of them blank or a control. */
    public static String hostProblem(String host, String what) {
        if (host == null || host.isBlank()) {
            return what + " must not be blank";
        }
        if (host.length() > MAX_HOST_LENGTH) {
            return what + " must be at most " + MAX_HOST_LENGTH + " characters, was " + host.length();
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                return what + " " + quote(host) + " holds a blank or control character";
            }
        }
        return null;
    }

    /** A port: within [{@code min}, {@value #MAX_PORT}]; {@code min} is 0 where 0 picks a free port, else 1. */
    public static String portProblem(int port, int min, String what) {
        return port < min || port > MAX_PORT
                ? what + " must be within [" + min + ", " + MAX_PORT + "], was " + port : null;
    }

    /** A timeout or interval: positive and at most {@link #MAX_TIMEOUT}. */
    public static String timeoutProblem(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            return what + " must be positive, was " + d;
        }
        return d.compareTo(MAX_TIMEOUT) > 0 ? what + " must be at most " + MAX_TIMEOUT.toMillis() + " ms, was " + d
                : null;
    }

    /** Throws the problem, when there is one, as an {@link IllegalArgumentException}. */
    public static void check(String problem) {
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    private static boolean letterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /** The value in quotes, cut to 100 characters: a refusal sent to a peer stays small. */
    private static String quote(String s) {
        if (s == null) {
            return "null";
        }
        return "'" + (s.length() > 100 ? s.substring(0, 100) + "...' (" + s.length() + " characters)" : s + "'");
    }
}
