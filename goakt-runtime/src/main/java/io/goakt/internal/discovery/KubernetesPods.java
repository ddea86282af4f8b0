package io.goakt.internal.discovery;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the parts of a Kubernetes {@code PodList} (the answer of {@code GET /api/v1/namespaces/NS/pods}) that
 * discovery needs: each pod's name, IP, phase and named container ports.
 *
 * <p>Input is treated as untrusted: anything that is not the expected shape is skipped, never thrown, so one odd pod
 * does not hide the others. A pod without an IP (not scheduled yet) or in a final phase ({@code Succeeded},
 * {@code Failed}) is left out. Readiness is not looked at: a member is ready only after it joined, so discovery
 * must find pods that are not ready yet.
 *
 * <p>Threading: stateless.
 */
final class KubernetesPods {

    /** One pod that may run a member. */
    record Pod(String name, String ip, String phase, Map<String, Integer> namedPorts) {
    }

    private KubernetesPods() {
    }

    /**
     * The pods of {@code json}; an empty list when it is not a pod list.
     *
     * @throws jakarta.json.JsonException when {@code json} is not JSON at all
     */
    static List<Pod> parse(String json) {
        JsonValue value;
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            value = reader.readValue();
        }
        List<Pod> pods = new ArrayList<>();
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            return pods;
        }
        JsonArray items = arrayOf(value.asJsonObject(), "items");
        for (JsonValue item : items) {
            if (item.getValueType() != JsonValue.ValueType.OBJECT) {
                continue;
            }
            JsonObject pod = item.asJsonObject();
            JsonObject status = objectOf(pod, "status");
            String ip = stringOf(status, "podIP");
            String phase = stringOf(status, "phase");
            if (ip == null || ip.isEmpty() || "Succeeded".equals(phase) || "Failed".equals(phase)) {
                continue;
            }
            pods.add(new Pod(stringOf(objectOf(pod, "metadata"), "name"), ip, phase,
                    namedPorts(objectOf(pod, "spec"))));
        }
        return pods;
    }

    private static Map<String, Integer> namedPorts(JsonObject spec) {
        Map<String, Integer> ports = new HashMap<>();
        for (JsonValue container : arrayOf(spec, "containers")) {
            if (container.getValueType() != JsonValue.ValueType.OBJECT) {
                continue;
            }
            for (JsonValue port : arrayOf(container.asJsonObject(), "ports")) {
                if (port.getValueType() != JsonValue.ValueType.OBJECT) {
                    continue;
                }
                JsonObject p = port.asJsonObject();
                String name = stringOf(p, "name");
                JsonValue number = p.get("containerPort");
                if (name != null && number != null && number.getValueType() == JsonValue.ValueType.NUMBER) {
                    int n = p.getJsonNumber("containerPort").intValue();
                    if (n >= 1 && n <= 65535) {
                        ports.putIfAbsent(name, n);
                    }
                }
            }
        }
        return Map.copyOf(ports);
    }

    private static JsonObject objectOf(JsonObject parent, String key) {
        JsonValue v = parent == null ? null : parent.get(key);
        return v != null && v.getValueType() == JsonValue.ValueType.OBJECT ? v.asJsonObject() : null;
    }

    private static JsonArray arrayOf(JsonObject parent, String key) {
        JsonValue v = parent == null ? null : parent.get(key);
        return v != null && v.getValueType() == JsonValue.ValueType.ARRAY ? v.asJsonArray()
                : JsonValue.EMPTY_JSON_ARRAY;
    }

    private static String stringOf(JsonObject parent, String key) {
        JsonValue v = parent == null ? null : parent.get(key);
        return v != null && v.getValueType() == JsonValue.ValueType.STRING ? parent.getString(key) : null;
    }
}
