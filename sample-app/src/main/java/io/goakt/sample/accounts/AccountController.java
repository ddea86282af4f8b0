package io.goakt.sample.accounts;

import io.goakt.actor.ActorRef;
import io.goakt.cluster.Member;
import io.goakt.sample.accounts.AccountMessages.Balance;
import io.goakt.sample.accounts.AccountMessages.Deposit;
import io.goakt.sample.accounts.AccountMessages.GetBalance;
import io.goakt.sample.accounts.AccountMessages.Rejected;
import io.goakt.sample.accounts.AccountMessages.Withdraw;
import io.goakt.spring.ActorRegistry;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * {@code /accounts/{id}}: each account is an {@link AccountActor} named {@code account-<id>}, spawned on first use.
 * Handlers return the ask's future; Spring MVC completes the response when the actor replies.
 *
 * <p>With the cluster on, {@code ?node=host:port} (a member's remoting endpoint) reaches the account that lives on
 * that member instead: it is looked up there and asked over remoting, never spawned ({@link MemberAccounts}).
 */
@RestController
@RequestMapping("/accounts")
public class AccountController {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private final ActorRegistry registry;
    private final MemberAccounts members;
    private final Duration askTimeout;

    /** Uses the registry to find or spawn account actors, and the cluster to reach those on other members. */
    public AccountController(ActorRegistry registry, MemberAccounts members) {
        this.registry = registry;
        this.members = members;
        this.askTimeout = registry.system().config().askTimeout();
    }

    /** An amount of money, in cents. */
    public record Amount(long amount) {
    }

    /** The balance. */
    @GetMapping("/{id}")
    public CompletableFuture<ResponseEntity<Object>> balance(@PathVariable String id,
                                                             @RequestParam(required = false) String node) {
        return ask(id, GetBalance.INSTANCE, node);
    }

    /** Adds money. */
    @PostMapping("/{id}/deposits")
    public CompletableFuture<ResponseEntity<Object>> deposit(@PathVariable String id, @RequestBody Amount body,
                                                             @RequestParam(required = false) String node) {
        if (body.amount() <= 0) {
            return CompletableFuture.completedFuture(ResponseEntity.badRequest().body("amount must be positive"));
        }
        return ask(id, new Deposit(body.amount()), node);
    }

    /** Takes money; 409 when the balance is too low. */
    @PostMapping("/{id}/withdrawals")
    public CompletableFuture<ResponseEntity<Object>> withdraw(@PathVariable String id, @RequestBody Amount body,
                                                              @RequestParam(required = false) String node) {
        if (body.amount() <= 0) {
            return CompletableFuture.completedFuture(ResponseEntity.badRequest().body("amount must be positive"));
        }
        return ask(id, new Withdraw(body.amount()), node);
    }

    private CompletableFuture<ResponseEntity<Object>> ask(String id, Object message, String node) {
        if (!ID.matcher(id).matches()) {
            return CompletableFuture.completedFuture(ResponseEntity.badRequest()
                    .body("account id must be 1 to 64 letters, digits or '-'"));
        }
        String name = "account-" + id;
        if (node == null) {
            return ask(registry.getOrSpawn(AccountActor.class, name), message);
        }
        MemberAccounts.Target target = members.member(node);
        Member member = target.member();
        if (member == null) {
            return CompletableFuture.completedFuture(ResponseEntity.status(target.status()).body(target.reason()));
        }
        if (members.isSelf(member)) {
            return ask(registry.getOrSpawn(AccountActor.class, name), message);
        }
        return members.lookup(member, name).thenCompose(ref -> ref.map(r -> ask(r, message))
                .orElseGet(() -> CompletableFuture.completedFuture(ResponseEntity.status(404)
                        .body(name + " does not live on " + node))));
    }

    private CompletableFuture<ResponseEntity<Object>> ask(ActorRef account, Object message) {
        return account.ask(message, askTimeout).toCompletableFuture().thenApply(reply -> {
            if (reply instanceof Rejected) {
                return ResponseEntity.status(409).<Object>body(reply);
            }
            return ResponseEntity.<Object>ok((Balance) reply);
        });
    }
}
