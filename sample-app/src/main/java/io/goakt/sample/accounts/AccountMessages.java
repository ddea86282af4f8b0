package io.goakt.sample.accounts;

/** The messages of {@link AccountActor}. */
public final class AccountMessages {

    private AccountMessages() {
    }

    /** Adds {@code amount} (positive) to the balance; replies {@link Balance}. */
    public record Deposit(long amount) {
    }

    /** Takes {@code amount} (positive) from the balance; replies {@link Balance} or {@link Rejected}. */
    public record Withdraw(long amount) {
    }

    /** Asks for the balance; replies {@link Balance}. */
    public enum GetBalance {
        /** The only instance. */
        INSTANCE
    }

    /** The balance of account {@code id}. */
    public record Balance(String id, long balance) {
    }

    /** A withdrawal that was refused, with the reason. */
    public record Rejected(String id, String reason) {
    }
}
