package io.goakt.sample.accounts;

import io.goakt.actor.ActorRef;
import io.goakt.sample.accounts.AccountMessages.Balance;
import io.goakt.sample.accounts.AccountMessages.Deposit;
import io.goakt.sample.accounts.AccountMessages.GetBalance;
import io.goakt.sample.accounts.AccountMessages.Rejected;
import io.goakt.sample.accounts.AccountMessages.Withdraw;
import io.goakt.spring.ActorRegistry;
import org.springframework.core.env.Environment;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * {@code /accounts/{id}}: each account is an {@link AccountActor} named {@code account-<id>}, spawned on first use.
 * Handlers return the ask's future; Spring MVC completes the response when the actor replies, or answers 504 after
 * {@code goakt.system.ask-timeout}.
 *
 * <p>With the cluster on, the kind is {@link ClusterAccountActor}: {@link ActorRegistry#getOrSpawn} finds the account
 * by its cluster-unique name on whichever instance runs it, and spawns it here only when no instance does.
 */
@RestController
@RequestMapping("/accounts")
public class AccountController {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private final ActorRegistry registry;
    private final Class<? extends AccountActor> kind;

    /** Uses the registry to find or spawn account actors, of the kind the cluster setting chose. */
    public AccountController(ActorRegistry registry, Environment environment) {
        this.registry = registry;
        this.kind = environment.getProperty("goakt.cluster.enabled", Boolean.class, false)
                ? ClusterAccountActor.class : AccountActor.class;
    }

    /** An amount of money, in cents. */
    public record Amount(long amount) {
    }

    /** The balance. */
    @GetMapping("/{id}")
    public CompletableFuture<ResponseEntity<Object>> balance(@PathVariable String id) {
        return ask(id, GetBalance.INSTANCE);
    }

    /** Adds money. */
    @PostMapping("/{id}/deposits")
    public CompletableFuture<ResponseEntity<Object>> deposit(@PathVariable String id, @RequestBody Amount body) {
        if (body.amount() <= 0) {
            return CompletableFuture.completedFuture(ResponseEntity.badRequest().body("amount must be positive"));
        }
        return ask(id, new Deposit(body.amount()));
    }

    /** Takes money; 409 when the balance is too low. */
    @PostMapping("/{id}/withdrawals")
    public CompletableFuture<ResponseEntity<Object>> withdraw(@PathVariable String id, @RequestBody Amount body) {
        if (body.amount() <= 0) {
            return CompletableFuture.completedFuture(ResponseEntity.badRequest().body("amount must be positive"));
        }
        return ask(id, new Withdraw(body.amount()));
    }

    private CompletableFuture<ResponseEntity<Object>> ask(String id, Object message) {
        if (!ID.matcher(id).matches()) {
            return CompletableFuture.completedFuture(ResponseEntity.badRequest()
                    .body("account id must be 1 to 64 letters, digits or '-'"));
        }
        ActorRef account = registry.getOrSpawn(kind, "account-" + id);
        // no timeout given: the ask waits goakt.system.ask-timeout
        return account.ask(message).toCompletableFuture().thenApply(reply -> {
            if (reply instanceof Rejected) {
                return ResponseEntity.status(409).<Object>body(reply);
            }
            return ResponseEntity.<Object>ok((Balance) reply);
        });
    }
}
