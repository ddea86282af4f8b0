package io.goakt.spring;

import io.goakt.grain.GrainOptions;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a grain kind: a class that implements {@link io.goakt.grain.Grain} and whose instances are Spring beans.
 *
 * <p>The bean is prototype-scoped (a definition declared otherwise is switched to prototype, as for
 * {@link ActorComponent}): every activation of a grain gets a fresh instance from the application context, so
 * constructor injection of services works and no state leaks from one activation, or one identity, to another. The
 * kind is registered with the actor system's {@link io.goakt.grain.GrainRegistry} while the context starts; talk to
 * its grains through {@link GrainClient}. A bad attribute value fails start-up, naming the class and the attribute.
 *
 * <pre>{@code
 * @GrainComponent(kind = "cart", idleTimeout = "5m")
 * class ShoppingCart implements Grain {
 *     ShoppingCart(CartStore store) { ... }
 *     public void receive(GrainContext ctx) { ... }
 * }
 * // elsewhere
 * grains.ask("cart", "alice", new AddItem("apple", 2));
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
public @interface GrainComponent {

    /**
     * The grain kind: not blank, without {@code /}, unique in the application. Empty means the bean name, as an
     * {@link ActorComponent}'s name does.
     */
    String kind() default "";

    /**
     * How long a grain may go without a message before it deactivates: a positive duration ({@code 30s},
     * {@code 10m}, {@code PT1H}); empty means {@link GrainOptions#DEFAULT_IDLE_TIMEOUT}.
     */
    String idleTimeout() default "";

    /** Messages one activation handles before it deactivates; 0 (the default) for no limit. */
    long maxMessages() default 0;

    /**
     * The mailbox type of each activation, one of the values {@code goakt.mailbox.type} accepts; empty means the
     * system default ({@code goakt.mailbox.type}).
     */
    String mailbox() default "";

    /**
     * The dispatcher by name ({@code default}, {@code virtual} or one a customizer registered); empty is the
     * default.
     */
    String dispatcher() default "";

    /** What a failure in {@code receive} does: keep the activation (the default) or deactivate it. */
    GrainOptions.OnFailure onFailure() default GrainOptions.OnFailure.RESUME;
}
