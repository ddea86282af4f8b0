package io.goakt.sample.accounts;

import io.goakt.sample.accounts.AccountMessages.Balance;
import io.goakt.sample.accounts.AccountMessages.Deposit;
import io.goakt.sample.accounts.AccountMessages.GetBalance;
import io.goakt.sample.accounts.AccountMessages.Rejected;
import io.goakt.sample.accounts.AccountMessages.Withdraw;
import io.goakt.serialization.Serialization;
import io.goakt.spring.RemoteSerializationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Lets the account messages cross the network when {@code goakt.remoting.enabled=true}: each type under a stable id
 * (never a class name on the wire). A peer registers the same ids to talk to the accounts; the {@code account} kind
 * itself is remote-spawnable by its {@code @ActorComponent} name without more code.
 */
@Configuration(proxyBeanMethods = false)
public class AccountRemoting {

    /** Registers the account messages; used by this app and by peers that talk to it. */
    public static Serialization.Builder register(Serialization.Builder types) {
        return types.register("bank.Deposit", Deposit.class)
                .register("bank.Withdraw", Withdraw.class)
                .register("bank.GetBalance", GetBalance.class)
                .register("bank.Balance", Balance.class)
                .register("bank.Rejected", Rejected.class);
    }

    /** The app's allow-list; only read when remoting is enabled. */
    @Bean
    RemoteSerializationCustomizer accountMessageTypes() {
        return AccountRemoting::register;
    }
}
