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

    /** Carries a ref inside the message, as request-reply protocols do. */
    record Greet(io.goakt.actor.ActorRef replyTo, String text) {
    }

    record Numbered(int n) {
    }

    /** The registry both sides use. */
    static Serialization serialization() {
        return Serialization.builder()
                .register("test.Ping", Ping.class)
                .register("test.Pong", Pong.class)
                .register("test.Greet", Greet.class)
                .register("test.Numbered", Numbered.class)
                .build();
    }
}
