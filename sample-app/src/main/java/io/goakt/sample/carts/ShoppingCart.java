package io.goakt.sample.carts;

import io.goakt.grain.Grain;
import io.goakt.grain.GrainContext;
import io.goakt.sample.carts.CartMessages.AddItem;
import io.goakt.sample.carts.CartMessages.Cart;
import io.goakt.sample.carts.CartMessages.GetCart;
import io.goakt.spring.GrainComponent;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One shopping cart per user, as a grain (a virtual actor) of kind {@code cart} whose id is the user. Nobody spawns
 * or stops it: the first message for a user activates it, and after two minutes without a message it deactivates
 * and frees its memory. The cart survives that because the grain saves it to the {@link CartStore} (a Spring bean,
 * injected through the constructor) when it deactivates and loads it again on the next activation.
 *
 * <p>Each activation is a fresh prototype bean, and the runtime calls it one message at a time, so the
 * {@code items} map needs no locking.
 */
@GrainComponent(kind = "cart", idleTimeout = "2m")
public class ShoppingCart implements Grain {

    private final CartStore store;
    private Map<String, Integer> items;

    /** Spring injects the store. */
    public ShoppingCart(CartStore store) {
        this.store = store;
    }

    @Override
    public void onActivate(GrainContext ctx) {
        items = new TreeMap<>(store.load(ctx.identity().id()));
    }

    @Override
    public void receive(GrainContext ctx) {
        Object m = ctx.message();
        if (m instanceof AddItem add) {
            items.merge(add.sku(), add.quantity(), Integer::sum);
            ctx.respond(cart(ctx));
        } else if (m == GetCart.INSTANCE) {
            ctx.respond(cart(ctx));
        } else {
            throw new IllegalArgumentException("a cart does not understand " + m);
        }
    }

    @Override
    public void onDeactivate(GrainContext ctx) {
        store.save(ctx.identity().id(), items);
    }

    private Cart cart(GrainContext ctx) {
        return new Cart(ctx.identity().id(), Collections.unmodifiableMap(new TreeMap<>(items)));
    }
}
