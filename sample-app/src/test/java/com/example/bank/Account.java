package com.example.bank;

import io.goakt.actor.Actor;
import io.goakt.actor.PostStart;
import io.goakt.actor.ReceiveContext;

public class Account implements Actor {
    private long balance;                      // private state: only this actor's thread touches it

    @Override
    public void receive(ReceiveContext ctx) {
        Object message = ctx.message();
        if (message instanceof Deposit deposit) {
            balance += deposit.amount();
        } else if (message instanceof GetBalance) {
            ctx.respond(balance);
        } else if (!(message instanceof PostStart)) {
            ctx.unhandled();                   // becomes a DeadLetter, never vanishes
        }
    }
}
