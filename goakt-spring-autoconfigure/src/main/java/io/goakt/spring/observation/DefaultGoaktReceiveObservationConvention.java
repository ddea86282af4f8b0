package io.goakt.spring.observation;

import io.micrometer.common.KeyValues;

/**
 * The default {@link GoaktReceiveObservationConvention}: name {@value #NAME}, contextual name
 * "receive &lt;kind&gt;", low-cardinality key values {@code goakt.system}, {@code goakt.kind} and
 * {@code goakt.message.type}. No actor ids or paths: they would make a tag per actor.
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
        return KeyValues.of("goakt.system", context.getSystem(), "goakt.kind", context.getActorKind(),
                "goakt.message.type", context.getMessageType());
    }
}
