package io.goakt.sample.audit;

import io.goakt.actor.Actor;
import io.goakt.actor.PostStart;
import io.goakt.actor.ReceiveContext;
import io.goakt.spring.ActorComponent;

/**
 * The audit log. EAGER: running before the web server takes its first request, so accounts can always tell it.
 * Its {@link AuditStore} is a Spring bean injected through the constructor.
 */
@ActorComponent(name = "audit", startup = ActorComponent.Startup.EAGER)
public class AuditActor implements Actor {

    private final AuditStore store;

    /** Spring injects the store. */
    public AuditActor(AuditStore store) {
        this.store = store;
    }

    @Override
    public void receive(ReceiveContext ctx) {
        Object m = ctx.message();
        if (m instanceof AuditMessages.Record r) {
            store.append(r.text());
        } else if (m == AuditMessages.GetLog.INSTANCE) {
            ctx.respond(new AuditMessages.Log(store.count(), store.latest(10)));
        } else if (!(m instanceof PostStart)) {
            ctx.unhandled();
        }
    }
}
