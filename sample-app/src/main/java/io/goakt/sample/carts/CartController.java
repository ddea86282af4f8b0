package io.goakt.sample.carts;

import io.goakt.sample.carts.CartMessages.AddItem;
import io.goakt.sample.carts.CartMessages.GetCart;
import io.goakt.spring.GrainClient;
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
 * {@code /carts/{user}}: each user's cart is the {@link ShoppingCart} grain of kind {@code cart} with the user as id.
 * The controller never creates anything: {@link GrainClient#ask} activates the grain if it is not active. Handlers
 * return the ask's future; Spring MVC completes the response when the grain replies (within
 * {@code goakt.system.ask-timeout}, else 504).
 */
@RestController
@RequestMapping("/carts")
public class CartController {

    private static final String KIND = "cart";
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private final GrainClient grains;

    /** Spring injects the grain client. */
    public CartController(GrainClient grains) {
        this.grains = grains;
    }

    /** An item to add: a SKU and how many. */
    public record Item(String sku, int quantity) {
    }

    /** The cart of {@code user}; empty for a user who never added anything. */
    @GetMapping("/{user}")
    public CompletableFuture<ResponseEntity<Object>> cart(@PathVariable String user) {
        return ask(user, GetCart.INSTANCE);
    }

    /** Adds an item and answers with the whole cart. */
    @PostMapping("/{user}/items")
    public CompletableFuture<ResponseEntity<Object>> add(@PathVariable String user, @RequestBody Item item) {
        if (item.sku() == null || item.sku().isBlank() || item.quantity() <= 0) {
            return CompletableFuture.completedFuture(ResponseEntity.badRequest()
                    .body("an item needs a sku and a positive quantity"));
        }
        return ask(user, new AddItem(item.sku(), item.quantity()));
    }

    private CompletableFuture<ResponseEntity<Object>> ask(String user, Object message) {
        if (!USER.matcher(user).matches()) {
            return CompletableFuture.completedFuture(ResponseEntity.badRequest()
                    .body("user must be 1 to 64 letters, digits or '-'"));
        }
        return grains.ask(KIND, user, message).toCompletableFuture().thenApply(ResponseEntity::ok);
    }
}
