package com.example.bank;

import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.SpawnOptions;
import io.goakt.supervision.SupervisorStrategy;

import java.time.Duration;

public class Bank {
    public static void main(String[] args) {
        try (ActorSystem system = ActorSystem.create("bank")) {
            ActorRef account = system.spawn("acc-1", Account::new, SpawnOptions.builder()
                    .supervisor(SupervisorStrategy.oneForOne().maxRestarts(5, Duration.ofMinutes(1)).build())
                    .build());
            account.tell(new Deposit(100));
            long balance = account.ask(new GetBalance(), Long.class, Duration.ofSeconds(2))
                    .toCompletableFuture().join();
            System.out.println("balance: " + balance);          // balance: 100
        }                                      // close() stops the actors and the system
    }
}
