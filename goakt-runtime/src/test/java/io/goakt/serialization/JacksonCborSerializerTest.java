package io.goakt.serialization;

import java.util.List;

class JacksonCborSerializerTest extends SerializerConformance<Object> {

    private final JacksonSerializer serializer = new JacksonSerializer();

    @Override
    Serializer<Object> serializer() {
        return serializer;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    Class<Object> type() {
        return (Class) Order.class;
    }

    @Override
    List<Object> samples() {
        return Order.SAMPLES;
    }
}
