package io.goakt.remote;

import io.goakt.serialization.Serialization;

/** Message types shared by the remoting tests and the second-JVM peer. */
final class Messages {

    private Messages() {
    }

    record Ping(String text) {
    }

    record Pong(String text) {
    }

    record Unregistered(String text) {
    }

    /** The registry both sides use. */
    static Serialization serialization() {
        return Serialization.builder()
                .register("test.Ping", Ping.class)
                .register("test.Pong", Pong.class)
                .build();
    }
}
