package com.example.bank;

import com.example.ReadmeQuotes;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.SpawnOptions;
import io.goakt.actor.MessageNotHandledException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The README's first actor without Spring: README.md quotes this package's classes, and this runs them. */
class FirstActorTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void accountAnswersTheSumOfItsDeposits() {
        try (ActorSystem system = ActorSystem.create("bank-test")) {
            ActorRef account = system.spawn("acc-1", Account::new, SpawnOptions.defaults());
            account.tell(new Deposit(100));
            account.tell(new Deposit(20));
            assertThat(account.ask(new GetBalance(), Long.class, TIMEOUT).toCompletableFuture().join())
                    .isEqualTo(120L);
        }
    }

    @Test
    void aMessageTheAccountDoesNotKnowFailsItsAsk() {
        try (ActorSystem system = ActorSystem.create("bank-test")) {
            ActorRef account = system.spawn("acc-1", Account::new, SpawnOptions.defaults());
            assertThatThrownBy(() -> account.ask("withdraw everything", TIMEOUT).toCompletableFuture().join())
                    .isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(MessageNotHandledException.class);
        }
    }

    @Test
    void bankProgramRuns() {
        Bank.main(new String[0]);
    }

    @Test
    void readmeQuotesTheseSources() throws IOException {
        String dir = "sample-app/src/test/java/com/example/bank/";
        ReadmeQuotes.assertQuoted(List.of(dir + "Deposit.java", dir + "GetBalance.java", dir + "Account.java",
                dir + "Bank.java"));
    }
}
