package io.goakt.spring.observation;

import io.micrometer.common.KeyValues;

import java.util.Locale;

/**
 * The default {@link GoaktSendObservationConvention}: name {@value #NAME}, contextual name "tell &lt;kind&gt;" or
 * "ask &lt;kind&gt;", low-cardinality key values {@code system}, {@code kind}, {@code message.type}
 * and {@code operation}. No actor ids or paths: they would make a tag per actor.
 */
public class DefaultGoaktSendObservationConvention implements GoaktSendObservationConvention {

    /** The observation name. */
    public static final String NAME = "goakt.message.send";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(GoaktSendContext context) {
        return operation(context) + " " + context.getActorKind();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(GoaktSendContext context) {
        return KeyValues.of("system", context.getSystem(), "kind", context.getActorKind(),
                "message.type", context.getMessageType(), "operation", operation(context));
    }

    private static String operation(GoaktSendContext context) {
        return context.getOperation().name().toLowerCase(Locale.ROOT);
    }
}
