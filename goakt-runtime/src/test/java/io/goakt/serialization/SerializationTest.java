package io.goakt.serialization;

import io.goakt.actor.ActorRef;
import io.goakt.internal.remote.proto.Hello;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SerializationTest {

    record Registered(String text) {
    }

    record NotRegistered(String text) {
    }

    record Sub(String text) {
    }

    record WithRef(ActorRef ref) {
    }

    private final Serialization registry = Serialization.builder()
            .register("test.Registered", Registered.class)
            .register("test.Hello", Hello.class)
            .register("test.WithRef", WithRef.class)
            .build();

    @Test
    void registeredTypesRoundTripUnderTheirIds() {
        Serialization.Serialized s = registry.serialize(new Registered("x"));
        assertThat(s.typeId()).isEqualTo("test.Registered");
        assertThat(registry.deserialize(s.typeId(), s.bytes())).isEqualTo(new Registered("x"));

        Hello hello = Hello.newBuilder().setSystem("sys").build();
        Serialization.Serialized p = registry.serialize(hello);
        assertThat(p.typeId()).isEqualTo("test.Hello");
        assertThat(registry.deserialize("test.Hello", p.bytes())).isEqualTo(hello);
    }

    @Test
    void anUnregisteredTypeIsRefused() {
        assertThatThrownBy(() -> registry.serialize(new NotRegistered("x")))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(NotRegistered.class.getName());
    }

    @Test
    void anUnknownTypeIdIsRefusedWithoutLoadingAnything() {
        byte[] bytes = registry.serialize(new Registered("x")).bytes();
        assertThatThrownBy(() -> registry.deserialize(NotRegistered.class.getName(), bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown type id");
    }

    @Test
    void registrationsAreSetOnceAndReservedIdsAreTheRuntimes() {
        assertThatThrownBy(() -> Serialization.builder().register("a", Registered.class).register("a", Sub.class))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(Registered.class.getName());
        assertThatThrownBy(() -> Serialization.builder().register("a", Registered.class).register("b", Registered.class))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("a");
        assertThatThrownBy(() -> Serialization.builder().register("goakt.Mine", Registered.class))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Serialization.builder().register(" ", Registered.class))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRefInsideAMessageNeedsAResolver() {
        ActorRef ref = new ActorRef() {
            @Override
            public io.goakt.actor.Address address() {
                return io.goakt.actor.Address.local("sys", "/user/x");
            }

            @Override
            public long uid() {
                return 1;
            }

            @Override
            public void tell(Object message, ActorRef sender) {
            }

            @Override
            public java.util.concurrent.CompletionStage<Object> ask(Object message, java.time.Duration timeout) {
                throw new UnsupportedOperationException();
            }

            @Override
            protected java.time.Duration askTimeout() {
                return io.goakt.actor.ActorSystemConfig.DEFAULT_ASK_TIMEOUT;
            }
        };
        assertThatThrownBy(() -> registry.serialize(new WithRef(ref))).isInstanceOf(SerializationException.class);
        ActorRefResolver resolver = new ActorRefResolver() {
            @Override
            public String toWire(ActorRef r) {
                return "wire:" + r.path();
            }

            @Override
            public ActorRef fromWire(String wire) {
                assertThat(wire).isEqualTo("wire:/user/x");
                return ref;
            }
        };
        Serialization.Serialized s = registry.serialize(new WithRef(ref), resolver);
        assertThat(registry.deserialize(s.typeId(), s.bytes(), resolver)).isEqualTo(new WithRef(ref));
    }
}
