package io.goakt.internal.grain;

import io.goakt.grain.GrainIdentity;
import io.goakt.internal.util.Limits;

import java.util.function.LongSupplier;

/**
 * Actor names for grain activations. Stateless.
 *
 * <p>A name is {@code enc(kind) + "!" + enc(id)}, where {@code enc} keeps ASCII letters, digits and
 * {@code - _ . : @ + =} and writes every other character, {@code !} and {@code ~} included, as {@code ~} and four hex
 * digits of its UTF-16 code unit. The encoding is injective and its output holds no {@code !}, so the one {@code !}
 * splits a name back into its parts: two identities never share a name. A name longer than an actor name may be
 * (255) is cut and ends in {@code !!} and a number unique within the registry; such names have two or more
 * {@code !} and so cannot equal a short name, and their numbers keep them apart from each other.
 */
final class GrainNames {

    static final int MAX_LENGTH = Limits.MAX_NAME_LENGTH;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private GrainNames() {
    }

    /** The actor name of an activation of {@code identity}; {@code serial} is asked only for a long identity. */
    static String actorName(GrainIdentity identity, LongSupplier serial) {
        StringBuilder sb = new StringBuilder(identity.kind().length() + identity.id().length() + 1);
        encode(identity.kind(), sb);
        sb.append('!');
        encode(identity.id(), sb);
        if (sb.length() <= MAX_LENGTH) {
            return sb.toString();
        }
        String suffix = "!!" + serial.getAsLong();
        return sb.substring(0, MAX_LENGTH - suffix.length()) + suffix;
    }

    private static void encode(String s, StringBuilder out) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-_.:@+=".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('~').append(HEX[(c >> 12) & 15]).append(HEX[(c >> 8) & 15]).append(HEX[(c >> 4) & 15])
                        .append(HEX[c & 15]);
            }
        }
    }
}
