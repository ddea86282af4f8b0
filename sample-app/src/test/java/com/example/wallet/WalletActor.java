package com.example.wallet;

import io.goakt.actor.Actor;
import io.goakt.actor.PostStart;
import io.goakt.actor.ReceiveContext;
import io.goakt.spring.ActorComponent;

@ActorComponent(name = "wallet")               // one actor named "wallet", spawned at start-up
public class WalletActor implements Actor {
    private final AuditLog audit;
    private long balance;                      // private state: only this actor's thread touches it

    public WalletActor(AuditLog audit) {       // constructor injection, as in any bean
        this.audit = audit;
    }

    @Override
    public void receive(ReceiveContext ctx) {
        Object message = ctx.message();
        if (message instanceof Deposit deposit) {
            if (deposit.amount() <= 0) {
                throw new IllegalArgumentException("amount must be positive");  // the supervisor restarts us
            }
            balance += deposit.amount();
            audit.record("deposited " + deposit.amount());
            ctx.respond(new Balance(balance));
        } else if (message instanceof GetBalance) {
            ctx.respond(new Balance(balance));
        } else if (!(message instanceof PostStart)) {  // PostStart: the first message of every (re)start
            ctx.unhandled();                   // becomes a DeadLetter, never vanishes
        }
    }
}
