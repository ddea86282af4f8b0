package io.goakt.serialization;

import tools.jackson.databind.json.JsonMapper;

import java.util.List;

class JacksonJsonSerializerTest extends SerializerConformance<Object> {

    private final JacksonSerializer serializer = new JacksonSerializer(JsonMapper.builder().build());

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
