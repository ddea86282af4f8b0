package io.goakt.spring.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the {@code goakt.message.receive} observation. Declare a bean of this type to replace
 * {@link DefaultGoaktReceiveObservationConvention}, or extend that class to add key values. Keep low-cardinality
 * key values bounded: they become meter tags.
 */
public interface GoaktReceiveObservationConvention extends ObservationConvention<GoaktReceiveContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof GoaktReceiveContext;
    }
}
