package io.goakt.sample.carts;

import java.util.Map;

/** What the {@link ShoppingCart} grain understands and answers. Local messages: plain records. */
public final class CartMessages {

    private CartMessages() {
    }

    /** Put {@code quantity} more of {@code sku} into the cart; answered with the {@link Cart}. */
    public record AddItem(String sku, int quantity) {
    }

    /** Answered with the {@link Cart}. */
    public enum GetCart {
        /** The only instance. */
        INSTANCE
    }

    /**
     * A cart's contents.
     *
     * @param user  whose cart
     * @param items quantity by SKU, sorted by SKU
     */
    public record Cart(String user, Map<String, Integer> items) {
    }
}
