package com.example.wallet;

import io.goakt.actor.ActorRef;
import io.goakt.spring.ActorName;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

@RestController
@RequestMapping("/wallet")
public class WalletController {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private final ActorRef wallet;

    public WalletController(@ActorName("wallet") ActorRef wallet) {
        this.wallet = wallet;
    }

    @GetMapping
    public CompletableFuture<Balance> balance() {
        return wallet.ask(new GetBalance(), Balance.class, TIMEOUT).toCompletableFuture();
    }

    @PostMapping("/deposits")
    public CompletableFuture<Balance> deposit(@RequestBody Deposit deposit) {
        // Spring MVC answers when the actor replies; no reply within TIMEOUT is a 504
        return wallet.ask(deposit, Balance.class, TIMEOUT).toCompletableFuture();
    }
}
