package io.goakt.actor;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link MessageContextHook} whose context is a thread-local path string: {@code capture} takes the caller's
 * current path, {@code open} makes "that path / the receiving actor's name" current. What each actor sees as
 * current therefore spells out the chain of sends that led to it.
 */
public final class ThreadContextHook implements MessageContextHook {

    /** The header that carries the path across remoting. */
    public static final String HEADER = "x-test-context";

    private final ThreadLocal<String> current = new ThreadLocal<>();
    /** One entry per capture: "operation message-type context kind". */
    public final List<String> captured = new CopyOnWriteArrayList<>();
    /** One entry per open: the path made current. */
    public final List<String> opened = new CopyOnWriteArrayList<>();
    public final AtomicInteger closed = new AtomicInteger();

    /** Runs {@code action} with {@code path} current on this thread. */
    public void runWith(String path, Runnable action) {
        String previous = current.get();
        current.set(path);
        try {
            action.run();
        } finally {
            current.set(previous);
        }
    }

    /** The path current on this thread, or null. */
    public String current() {
        return current.get();
    }

    @Override
    public Object capture(ActorRef target, String kind, Object message, Operation operation) {
        String c = current.get();
        if (c == null) {
            return null;
        }
        captured.add(operation + " " + message.getClass().getSimpleName() + " " + c + " "
                + (kind == null ? "-" : kind.substring(kind.lastIndexOf('.') + 1)));
        return c;
    }

    @Override
    public void inject(Object context, Map<String, String> headers) {
        headers.put(HEADER, (String) context);
    }

    @Override
    public Scope open(Object context, String kind, ReceiveContext ctx) {
        String parent = context != null ? (String) context : ctx.headers().get(HEADER);
        if (parent == null) {
            return Scope.NOOP;
        }
        String previous = current.get();
        String now = parent + "/" + ctx.self().name();
        current.set(now);
        opened.add(now);
        return () -> {
            current.set(previous);
            closed.incrementAndGet();
        };
    }
}
