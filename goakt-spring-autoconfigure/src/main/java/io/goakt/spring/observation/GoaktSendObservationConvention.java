package io.goakt.spring.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the {@code goakt.message.send} observation. Declare a bean of this type to replace
 * {@link DefaultGoaktSendObservationConvention}, or extend that class to add key values. Keep low-cardinality key
 * values bounded: they become meter tags.
 */
public interface GoaktSendObservationConvention extends ObservationConvention<GoaktSendContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof GoaktSendContext;
    }
}
