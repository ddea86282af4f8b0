package io.goakt.serialization;

import io.goakt.internal.remote.proto.Hello;

import java.util.List;

class ProtobufSerializerTest extends SerializerConformance<Hello> {

    private final ProtobufSerializer<Hello> serializer = new ProtobufSerializer<>(Hello.class);

    @Override
    Serializer<Hello> serializer() {
        return serializer;
    }

    @Override
    Class<Hello> type() {
        return Hello.class;
    }

    @Override
    List<Hello> samples() {
        return List.of(Hello.getDefaultInstance(),
                Hello.newBuilder().setSystem("s").setPort(65535).setProtocolVersion(1).addCompression("zstd").build(),
                Hello.newBuilder().setHost("h".repeat(5000)).build());
    }
}
