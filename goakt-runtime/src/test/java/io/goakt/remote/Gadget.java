package io.goakt.remote;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A class whose static initializer records that it ran: {@link HostileInputTest} names it on the wire and checks
 * that the receiving node never initialized it. Nothing else may refer to it.
 */
final class Gadget {

    /** Lives outside {@code Gadget}, so that reading it does not initialize the class. */
    static final class Flag {
        static final AtomicBoolean INITIALIZED = new AtomicBoolean();

        private Flag() {
        }
    }

    static {
        Flag.INITIALIZED.set(true);
    }

    private Gadget() {
    }
}
