package io.goakt.spring.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationView;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Does what a propagating tracing handler of micrometer-tracing does, in miniature: each observation joins the
 * trace of its parent, or of the {@value #HEADER} header its receiver context reads, or starts one; a sender
 * context writes its trace into the carrier. Records every stopped context.
 */
final class TraceHandler implements ObservationHandler<Observation.Context> {

    static final String HEADER = "x-trace-id";
    static final String TRACE = "trace";

    final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

    @Override
    public void onStart(Observation.Context context) {
        String trace = null;
        ObservationView parent = context.getParentObservation();
        if (parent != null) {
            trace = parent.getContextView().getOrDefault(TRACE, (String) null);
        }
        if (trace == null && context instanceof ReceiverContext<?> r) {
            trace = readHeader(r);
        }
        if (trace == null) {
            trace = UUID.randomUUID().toString();
        }
        context.put(TRACE, trace);
        if (context instanceof SenderContext<?> s) {
            writeHeader(s, trace);
        }
    }

    @SuppressWarnings("unchecked")
    private static <C> String readHeader(ReceiverContext<C> r) {
        return r.getGetter().get(r.getCarrier(), HEADER);
    }

    @SuppressWarnings("unchecked")
    private static <C> void writeHeader(SenderContext<C> s, String trace) {
        s.getSetter().set(s.getCarrier(), HEADER, trace);
    }

    @Override
    public void onStop(Observation.Context context) {
        stopped.add(context);
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
        return true;
    }

    /** The stopped contexts of {@code name}, in stop order. */
    List<Observation.Context> named(String name) {
        return stopped.stream().filter(c -> name.equals(c.getName())).toList();
    }

    static String traceOf(Observation.Context context) {
        return context.getOrDefault(TRACE, (String) null);
    }
}
