package io.goakt.sample.accounts;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ReceiveContext;
import io.goakt.sample.accounts.AccountMessages.Balance;
import io.goakt.sample.accounts.AccountMessages.Deposit;
import io.goakt.sample.accounts.AccountMessages.GetBalance;
import io.goakt.sample.accounts.AccountMessages.Rejected;
import io.goakt.sample.accounts.AccountMessages.Withdraw;
import io.goakt.sample.audit.AuditMessages.Record;
import io.goakt.spring.ActorComponent;
import io.goakt.spring.ActorName;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;

/**
 * One bank account; its balance lives only here. LAZY: nothing is spawned at start-up; {@link AccountController}
 * spawns one actor per account id through the {@code ActorRegistry} on its first request. Every change is told to
 * the audit actor, whose ref is injected like any other dependency.
 *
 * <p>This is the kind of an instance without a cluster; with {@code goakt.cluster.enabled=true}
 * {@link ClusterAccountActor} takes its place, so that each account is one actor in the whole cluster.
 */
@ActorComponent(name = "account", startup = ActorComponent.Startup.LAZY)
@ConditionalOnBooleanProperty(name = "goakt.cluster.enabled", havingValue = false, matchIfMissing = true)
public class AccountActor implements Actor {

    private final ActorRef audit;
    private long balance;

    /** Spring injects the audit actor's ref. */
    public AccountActor(@ActorName("audit") ActorRef audit) {
        this.audit = audit;
    }

    @Override
    public void receive(ReceiveContext ctx) {
        String id = ctx.self().name();
        Object m = ctx.message();
        if (m instanceof Deposit d) {
            balance += d.amount();
            audit.tell(new Record(id + " deposited " + d.amount()), ctx.self());
            ctx.respond(new Balance(id, balance));
        } else if (m instanceof Withdraw w) {
            if (w.amount() > balance) {
                ctx.respond(new Rejected(id, "insufficient funds: balance " + balance + ", asked " + w.amount()));
            } else {
                balance -= w.amount();
                audit.tell(new Record(id + " withdrew " + w.amount()), ctx.self());
                ctx.respond(new Balance(id, balance));
            }
        } else if (m == GetBalance.INSTANCE) {
            ctx.respond(new Balance(id, balance));
        } else if (!(m instanceof io.goakt.actor.PostStart)) {
            ctx.unhandled();
        }
    }
}
