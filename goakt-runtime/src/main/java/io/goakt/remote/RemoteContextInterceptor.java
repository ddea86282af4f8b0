package io.goakt.remote;

import io.goakt.actor.ReceiveContext;
import io.goakt.actor.ReceiveInterceptor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Makes propagated context current while an actor handles a remote message: for a message with headers, opens
 * each configured {@link ContextPropagator#extract} scope, runs the actor, and closes the scopes in reverse order.
 * Register it on the system ({@code ActorSystemConfig.builder().interceptor(new RemoteContextInterceptor())}); it
 * finds the system's {@link Remoting} itself; a local message costs one extension look-up when it has a sender,
 * nothing more when it has none.
 *
 * <p>Threading: stateless; runs on the actor's thread; shareable by every actor.
 */
public final class RemoteContextInterceptor implements ReceiveInterceptor {

    @Override
    public void intercept(ReceiveContext ctx, Next next) throws Exception {
        Map<String, String> headers = RemoteHeaders.of(ctx);
        Remoting remoting = headers.isEmpty() ? null : ctx.system().extension(Remoting.class).orElse(null);
        if (remoting == null || remoting.config().propagators().isEmpty()) {
            next.proceed();
            return;
        }
        List<ContextPropagator.Scope> scopes = new ArrayList<>();
        try {
            for (ContextPropagator p : remoting.config().propagators()) {
                scopes.add(p.extract(headers));
            }
            next.proceed();
        } finally {
            for (int i = scopes.size() - 1; i >= 0; i--) {
                scopes.get(i).close();
            }
        }
    }
}
