package io.goakt.internal.actor;

/** Rules for actor and system names. Stateless. */
final class Names {

    private static final int MAX_LENGTH = 255;

    private Names() {
    }

    /**
     * Checks an actor name: 1 to 255 characters out of letters, digits and {@code - _ . : @ ~ + = !}; not starting
     * with {@code $}, which the runtime keeps for its own names.
     */
    static void validate(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("actor name must not be empty");
        }
        if (name.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("actor name must be at most " + MAX_LENGTH + " characters: " + name);
        }
        if (name.charAt(0) == '$') {
            throw new IllegalArgumentException("actor names starting with '$' are reserved: " + name);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-_.:@~+=!".indexOf(c) >= 0;
            if (!ok) {
                throw new IllegalArgumentException("actor name '" + name + "' has a character that is not allowed: '"
                        + c + "' (allowed: letters, digits and - _ . : @ ~ + = !)");
            }
        }
    }

    /** Checks a system name: 1 to 255 letters, digits, {@code -} and {@code _}. */
    static void validateSystem(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("system name must have 1 to " + MAX_LENGTH + " characters, was '"
                    + name + "'");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                throw new IllegalArgumentException("system name '" + name + "' may only hold letters, digits, - and _");
            }
        }
    }
}
