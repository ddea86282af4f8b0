package io.goakt.internal.remote;

import com.google.protobuf.MessageLite;
import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.internal.actor.InternalActorSystem;
import io.goakt.internal.remote.proto.LookupRequest;
import io.goakt.internal.remote.proto.LookupResponse;
import io.goakt.internal.remote.proto.SpawnRequest;
import io.goakt.internal.remote.proto.SpawnResponse;
import io.goakt.internal.remote.proto.StopRequest;
import io.goakt.internal.remote.proto.StopResponse;
import io.goakt.remote.Endpoint;
import io.goakt.remote.RemoteFailureException;
import io.goakt.remote.RemotingConfig;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The request protocol: lookup of a live actor by name, spawn of an actor kind registered on the node
 * ({@link RemotingConfig#kinds()}), stop of an actor. A request is an ask of the peer node itself (no receiver,
 * routed by correlation id like any ask); its response is a protobuf message. A request to this node's own
 * endpoint is answered in place.
 *
 * <p>A spawn runs the kind's {@code preStart} on a thread of the system's dispatcher that the kind's options
 * select ({@link InternalActorSystem#spawnOnDispatcher}): neither the network event loop the request arrived on,
 * which must never run user code that may block, nor a JVM-wide pool.
 *
 * <p>Threading: any thread; requests from peers are handled on event loops and never block them.
 */
final class RemoteRequests {

    private final InternalActorSystem system;
    private final RemotingConfig config;
    private final Endpoint self;
    private final RefCodec refs;
    private final Outbound outbound;

    RemoteRequests(InternalActorSystem system, RemotingConfig config, Endpoint self, RefCodec refs,
                   Outbound outbound) {
        this.system = system;
        this.config = config;
        this.self = self;
        this.refs = refs;
        this.outbound = outbound;
    }

    CompletionStage<Optional<ActorRef>> lookup(Endpoint endpoint, String nameOrPath) {
        return request(endpoint, LookupRequest.newBuilder().setName(nameOrPath).build())
                .thenApply(r -> {
                    LookupResponse resp = (LookupResponse) r;
                    return resp.hasRef() ? Optional.of(refs.refFromData(resp.getRef(), 0, Map.of(), null))
                            : Optional.empty();
                });
    }

    CompletionStage<ActorRef> spawn(Endpoint endpoint, String name, String kind) {
        return request(endpoint, SpawnRequest.newBuilder().setName(name).setKind(kind).build())
                .thenApply(r -> {
                    SpawnResponse resp = (SpawnResponse) r;
                    if (!resp.getError().isEmpty()) {
                        throw new RemoteFailureException(resp.getError());
                    }
                    return refs.refFromData(resp.getRef(), 0, Map.of(), null);
                });
    }

    CompletionStage<Boolean> stop(RemoteActorRef ref) {
        return request(ref.endpoint(), StopRequest.newBuilder().setRef(ref.wireData()).build())
                .thenApply(resp -> ((StopResponse) resp).getStopped());
    }

    private CompletionStage<Object> request(Endpoint endpoint, MessageLite request) {
        if (endpoint.equals(self)) {
            CompletableFuture<Object> local = new CompletableFuture<>();
            handle(request, local::complete);
            return local;
        }
        return outbound.request(endpoint, request, config.replyTimeout());
    }

    /** True for the responses, which reach their asker as replies and are never handled here. */
    static boolean isResponse(Object msg) {
        return msg instanceof LookupResponse || msg instanceof SpawnResponse || msg instanceof StopResponse;
    }

    /** Answers {@code msg} through {@code respond}, at once or, for a spawn or a stop, once it is done. */
    void handle(MessageLite msg, Consumer<Object> respond) {
        if (msg instanceof LookupRequest l) {
            LookupResponse.Builder b = LookupResponse.newBuilder();
            system.lookup(l.getName()).ifPresent(ref -> b.setRef(refs.localData(ref)));
            respond.accept(b.build());
        } else if (msg instanceof SpawnRequest s) {
            Supplier<? extends Actor> factory = config.kinds().get(s.getKind());
            if (factory == null) {
                respond.accept(SpawnResponse.newBuilder().setError("actor kind '" + s.getKind()
                        + "' is not registered on " + self).build());
                return;
            }
            system.spawnOnDispatcher(s.getName(), factory, config.kindOptions(s.getKind())).whenComplete((ref, e) ->
                    respond.accept(e == null ? SpawnResponse.newBuilder().setRef(refs.localData(ref)).build()
                            : SpawnResponse.newBuilder().setError(String.valueOf(e)).build()));
        } else if (msg instanceof StopRequest s) {
            Optional<ActorRef> local = system.lookup(s.getRef().getPath())
                    .filter(r -> s.getRef().getUid() == 0 || r.uid() == s.getRef().getUid());
            if (local.isEmpty()) {
                respond.accept(StopResponse.newBuilder().setStopped(false).build());
                return;
            }
            system.stop(local.get()).whenComplete((v, e) ->
                    respond.accept(StopResponse.newBuilder().setStopped(e == null).build()));
        }
    }
}
