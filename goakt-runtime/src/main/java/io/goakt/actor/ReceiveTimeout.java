package io.goakt.actor;

/** Delivered when an actor set a receive timeout and no message came within it. */
public enum ReceiveTimeout {
    /** The only instance. */
    INSTANCE
}
