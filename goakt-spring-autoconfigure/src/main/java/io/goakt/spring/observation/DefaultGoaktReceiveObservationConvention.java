package io.goakt.spring.observation;

import io.micrometer.common.KeyValues;

/**
 * The default {@link GoaktReceiveObservationConvention}: name {@value #NAME}, contextual name
 * "receive &lt;kind&gt;", low-cardinality key values {@code system}, {@code kind} and
 * {@code message.type}. No actor ids or paths: they would make a tag per actor.
 */
public class DefaultGoaktReceiveObservationConvention implements GoaktReceiveObservationConvention {

    /** The observation name. */
    public static final String NAME = "goakt.message.receive";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(GoaktReceiveContext context) {
        return "receive " + context.getActorKind();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(GoaktReceiveContext context) {
        return KeyValues.of("system", context.getSystem(), "kind", context.getActorKind(),
                "message.type", context.getMessageType());
    }
}
