package io.goakt.internal.remote;

import io.goakt.actor.PoisonPill;
import io.goakt.internal.grain.GrainWire;
import io.goakt.internal.remote.proto.DeathNotification;
import io.goakt.internal.remote.proto.LookupRequest;
import io.goakt.internal.remote.proto.LookupResponse;
import io.goakt.internal.remote.proto.SpawnRequest;
import io.goakt.internal.remote.proto.SpawnResponse;
import io.goakt.internal.remote.proto.StopRequest;
import io.goakt.internal.remote.proto.StopResponse;
import io.goakt.internal.remote.proto.Unwatch;
import io.goakt.internal.remote.proto.Watch;
import io.goakt.serialization.Serialization;
import io.goakt.serialization.Serializer;

/**
 * The type ids the runtime reserves (every one starts with {@value #RESERVED_PREFIX}, which applications cannot
 * register): the remote death-watch and request messages, {@code PoisonPill}, the two type ids of a failed
 * reply, and the grain messages of a clustered grain registry ({@link GrainWire}).
 *
 * <p>Threading: constants and a stateless factory.
 */
final class ControlTypes {

    /** What every reserved type id starts with. */
    static final String RESERVED_PREFIX = "goakt.";
    static final String WATCH = "goakt.Watch";
    static final String UNWATCH = "goakt.Unwatch";
    static final String DEATH_NOTIFICATION = "goakt.DeathNotification";
    /** A failed reply whose payload is the failure's text. */
    static final String FAILURE = "goakt.Failure";
    /** A failed reply because the actor asked was not alive; the payload is the message. */
    static final String NOT_ALIVE = "goakt.ActorNotAlive";

    private ControlTypes() {
    }

    /** A builder that knows the runtime's own types; the application's allow-list is added to it. */
    static Serialization.Builder builtins() {
        return Serialization.builder().allowReservedIds()
                .register(WATCH, Watch.class)
                .register(UNWATCH, Unwatch.class)
                .register(DEATH_NOTIFICATION, DeathNotification.class)
                .register("goakt.LookupRequest", LookupRequest.class)
                .register("goakt.LookupResponse", LookupResponse.class)
                .register("goakt.SpawnRequest", SpawnRequest.class)
                .register("goakt.SpawnResponse", SpawnResponse.class)
                .register("goakt.StopRequest", StopRequest.class)
                .register("goakt.StopResponse", StopResponse.class)
                .register(GrainWire.TYPE_ID, GrainWire.class, GrainWire.SERIALIZER)
                .register("goakt.PoisonPill", PoisonPill.class, new Serializer<PoisonPill>() {
                    @Override
                    public byte[] toBytes(PoisonPill value) {
                        return new byte[0];
                    }

                    @Override
                    public PoisonPill fromBytes(byte[] bytes, Class<PoisonPill> type) {
                        return PoisonPill.INSTANCE;
                    }
                });
    }
}
