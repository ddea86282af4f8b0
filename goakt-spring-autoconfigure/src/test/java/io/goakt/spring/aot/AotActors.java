package io.goakt.spring.aot;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.PostStart;
import io.goakt.actor.ReceiveContext;
import io.goakt.serialization.Serialization;
import io.goakt.spring.ActorComponent;
import io.goakt.spring.ActorName;
import io.goakt.spring.RemoteSerializationCustomizer;
import io.goakt.spring.autoconfigure.GoaktAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * An application for the AOT tests: public throughout, because the code AOT generates for it is compiled and loaded
 * by the test.
 */
public final class AotActors {

    private AotActors() {
    }

    /** A message registered for remoting. */
    public record Greet(String who) {
    }

    /** The greeting the greeter replies with. */
    public record Greeting(String text) {
    }

    /** A bean the greeter is given by constructor injection. */
    public static class Salutation {
        /** The word the greeter starts with. */
        public String word() {
            return "hello";
        }
    }

    /** Answers a {@link Greet} with a {@link Greeting}; an EAGER component with an injected bean. */
    @ActorComponent(name = "greeter")
    public static class GreeterActor implements Actor {
        private final Salutation salutation;

        /** The salutation comes from the context. */
        public GreeterActor(Salutation salutation) {
            this.salutation = salutation;
        }

        @Override
        public void receive(ReceiveContext ctx) {
            if (ctx.message() instanceof Greet greet) {
                ctx.respond(new Greeting(salutation.word() + " " + greet.who()));
            } else if (!(ctx.message() instanceof PostStart)) {
                ctx.unhandled();
            }
        }
    }

    /** Receives the greeter's ref by name, as a controller would. */
    public static class GreeterClient {
        final ActorRef greeter;

        /** The greeter's ref, injected by name. */
        public GreeterClient(@ActorName("greeter") ActorRef greeter) {
            this.greeter = greeter;
        }
    }

    /** The application's configuration: the auto-configuration, its beans and the remoting allow-list. */
    @Configuration(proxyBeanMethods = false)
    @Import({GoaktAutoConfiguration.class, GreeterActor.class})
    public static class App {

        /** Injected into the greeter. */
        @Bean
        public Salutation salutation() {
            return new Salutation();
        }

        /** Injected with the greeter's ref. */
        @Bean
        public GreeterClient greeterClient(@ActorName("greeter") ActorRef greeter) {
            return new GreeterClient(greeter);
        }

        /** The remoting allow-list. */
        @Bean
        public RemoteSerializationCustomizer greetMessages() {
            return types -> register(types);
        }

        /** Registers the greeter's messages. */
        public static Serialization.Builder register(Serialization.Builder types) {
            return types.register("test.Greet", Greet.class).register("test.Greeting", Greeting.class);
        }
    }
}
