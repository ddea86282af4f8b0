package io.goakt.actor;

/** Thrown by {@link ReceiveContext#request} when the actor already has its maximum of requests in flight. */
public class RequestLimitException extends GoaktException {
    private static final long serialVersionUID = 1L;

    /** For the actor at {@code path}. */
    public RequestLimitException(String path, int max) {
        super(path + " already has " + max + " requests in flight");
    }
}
