package io.goakt.internal.cluster;

import org.jgroups.Address;
import org.jgroups.Event;
import org.jgroups.stack.Protocol;

import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * The top protocol of a member's stack: it hands every verified suspicion to the member as it passes.
 *
 * <p>{@code VERIFY_SUSPECT2} sends a {@code SUSPECT} event up once a suspect failed to answer; {@code GMS} passes it
 * on up before it asks the coordinator to remove the suspect, and the protocols above GMS pass events through. So
 * this protocol sees the suspicion while the suspect is still in the view, which is what
 * {@link io.goakt.cluster.MemberUnreachable} reports. It adds no header and changes nothing on the way.
 *
 * <p>Threading: {@link #up(Event)} runs on JGroups' threads; the listener must be thread-safe and quick.
 */
final class SuspectRelay extends Protocol {

    private final Consumer<Collection<Address>> listener;

    SuspectRelay(Consumer<Collection<Address>> listener) {
        this.listener = listener;
    }

    @Override
    public Object up(Event evt) {
        if (evt.getType() == Event.SUSPECT) {
            Object arg = evt.getArg();
            if (arg instanceof Address a) {
                listener.accept(List.of(a));
            } else if (arg instanceof Collection<?> c) {
                listener.accept(c.stream().filter(Address.class::isInstance).map(Address.class::cast).toList());
            }
        }
        return up_prot.up(evt);
    }
}
