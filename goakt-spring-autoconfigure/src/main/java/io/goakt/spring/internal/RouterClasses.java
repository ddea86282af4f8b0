package io.goakt.spring.internal;

import io.goakt.router.RouterActor;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether an actor is a router, from the class name of its instance ({@link io.goakt.actor.ActorInfo#kind()}): the
 * class implements {@link RouterActor}, as the runtime's routers and any application router do. How the dashboard
 * and the Actuator {@code actors} endpoint mark routers. Answers are cached per class name, so the cache is bounded
 * by the application's actor classes; thread-safe.
 */
public final class RouterClasses {

    private final Map<String, Boolean> known = new ConcurrentHashMap<>();
    private final ClassLoader applicationLoader;

    /** Looks classes up in the runtime's loader, then in {@code applicationLoader} (may be null). */
    public RouterClasses(ClassLoader applicationLoader) {
        this.applicationLoader = applicationLoader;
    }

    /** Whether {@code className} names a class implementing {@link RouterActor}; false for null or an unknown one. */
    public boolean isRouter(String className) {
        if (className == null) {
            return false;
        }
        Boolean router = known.get(className);
        if (router == null) {
            router = implementsRouter(className);
            known.put(className, router);
        }
        return router;
    }

    private boolean implementsRouter(String className) {
        for (ClassLoader loader : new ClassLoader[] {RouterActor.class.getClassLoader(), applicationLoader}) {
            if (loader == null) {
                continue;
            }
            try {
                return RouterActor.class.isAssignableFrom(Class.forName(className, false, loader));
            } catch (ClassNotFoundException | LinkageError e) {
                // not visible from this loader: try the next
            }
        }
        return false;
    }
}
