package io.goakt.internal.actor;

import io.goakt.internal.util.Limits;

/** Rules for actor and system names, as {@link Limits} defines them for every side. Stateless. */
final class Names {

    private Names() {
    }

    /**
     * Checks an actor name: 1 to {@value Limits#MAX_NAME_LENGTH} characters out of letters, digits and
     * {@code - _ . : @ ~ + = !}; not starting with {@code $}, which the runtime keeps for its own names.
     */
    static void validate(String name) {
        Limits.check(Limits.actorNameProblem(name, "actor name", Limits.MAX_NAME_LENGTH));
    }

    /** Checks a system name: 1 to {@value Limits#MAX_NAME_LENGTH} letters, digits, {@code -} and {@code _}. */
    static void validateSystem(String name) {
        Limits.check(Limits.systemNameProblem(name));
    }
}
