package io.goakt.grain;

import java.util.Objects;

/**
 * The name of a grain: its kind (what {@link GrainRegistry#register} registered) and its id within the kind. Two
 * identities are equal when both parts are equal; the grain behind an identity exists conceptually for ever and is
 * activated whenever a message reaches it.
 *
 * <p>Immutable; safe to share.
 *
 * @param kind the grain kind: not blank, without {@code /}
 * @param id   the id within the kind: not blank
 */
public record GrainIdentity(String kind, String id) {

    /** Checks both parts. */
    public GrainIdentity {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        if (kind.isBlank()) {
            throw new IllegalArgumentException("grain kind must not be blank");
        }
        if (kind.indexOf('/') >= 0) {
            throw new IllegalArgumentException("grain kind must not contain '/': " + kind);
        }
        if (id.isBlank()) {
            throw new IllegalArgumentException("grain id must not be blank (kind " + kind + ")");
        }
    }

    /** The identity of {@code id} within {@code kind}. */
    public static GrainIdentity of(String kind, String id) {
        return new GrainIdentity(kind, id);
    }

    /**
     * A hash of both parts that stays distinct for ids from a counter under several kinds. The record's default,
     * {@code 31 * kind.hashCode() + id.hashCode()}, is linear in both: kinds whose codes differ by {@code d} and ids
     * whose codes differ by {@code 31 * d} collide, which ten kinds with ids {@code 0, 1, 2...} hit for four identities
     * in five, in groups of up to ten, and hash tables keyed by identity turn such groups into walks. Scrambling the
     * id's code with MurmurHash3's finaliser before combining makes those differences look random.
     */
    @Override
    public int hashCode() {
        int h = id.hashCode();
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return 31 * kind.hashCode() + h;
    }

    /** {@code kind/id}; the kind holds no {@code /}, so the first one separates the parts. */
    @Override
    public String toString() {
        return kind + "/" + id;
    }
}
