package io.goakt.spring.internal;

/** How an actor's class name is shown as its kind in metrics and the Actuator endpoint. Stateless. */
public final class KindNames {

    private static final String LAMBDA = "$$Lambda";

    private KindNames() {
    }

    /**
     * The kind of an actor class name. Actors made from lambdas ({@code spawnFromFunction}) have class names that end
     * in a per-run address; they share one kind per declaring class instead. {@code null} stays {@code null}.
     */
    public static String of(String className) {
        if (className == null) {
            return null;
        }
        int lambda = className.indexOf(LAMBDA);
        return lambda < 0 ? className : className.substring(0, lambda + LAMBDA.length());
    }
}
