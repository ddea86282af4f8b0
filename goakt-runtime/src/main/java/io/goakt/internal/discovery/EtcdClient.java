package io.goakt.internal.discovery;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * The few calls of the etcd v3 API that {@link EtcdDiscoveryPing} makes, over etcd's JSON gateway ({@code /v3/...},
 * keys and values base64) with the JDK's HTTP client.
 *
 * <p>Why not jetcd: it brings gRPC and a second Netty next to the runtime's. The gateway is part of every etcd
 * server since 3.3 and speaks plain HTTP/1.1 JSON; the shapes used here are few and stable.
 *
 * <p><b>Endpoints.</b> Calls go to the endpoint that answered last; one that cannot be reached (connection refused,
 * timeout) or answers with a server error makes the call move on to the next, round the list once. A call fails
 * with an {@link IOException} when none answers.
 *
 * <p><b>Authentication.</b> With a user name, the client asks {@code /v3/auth/authenticate} for a token before its
 * first call and again when a call is refused as unauthenticated (tokens expire), then retries that call once.
 *
 * <p>Threading: any thread; {@code current} and {@code token} are volatile (a stale read only costs a retry).
 */
final class EtcdClient {

    /** An etcd key with its value. */
    record Entry(String key, byte[] value) {
    }

    private static final JsonMapper JSON = JsonMapper.shared();

    private final List<URI> endpoints;
    private final String username;
    private final String password;
    private final Duration timeout;
    private final HttpClient http;

    /** Index into {@code endpoints} of the one that answered last; volatile, any thread. */
    private volatile int current;
    /** The auth token, or null before the first authentication; volatile, any thread. */
    private volatile String token;

    /**
     * @param endpoints  base URIs such as {@code http://10.0.0.5:2379}
     * @param username   null for no authentication
     * @param sslContext null for the JDK's default (used by {@code https} endpoints only)
     * @param timeout    the bound of one HTTP exchange
     */
    EtcdClient(List<URI> endpoints, String username, String password, SSLContext sslContext, Duration timeout) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("etcd endpoints must not be empty");
        }
        this.endpoints = List.copyOf(endpoints);
        this.username = username;
        this.password = password;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout);
        if (sslContext != null) {
            builder.sslContext(sslContext);
        }
        this.http = builder.build();
    }

    /** A new lease of {@code ttlSeconds}; its id. */
    long grant(long ttlSeconds) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("TTL", ttlSeconds);
        JsonNode answer = call("/v3/lease/grant", body);
        long id = answer.path("ID").asLong(0);
        if (id == 0) {
            throw new IOException("etcd granted no lease: " + answer);
        }
        return id;
    }

    /** Renews lease {@code id}; the seconds it has left, 0 when etcd no longer knows it (expired, or data lost). */
    long keepAlive(long id) throws IOException {
        JsonNode answer = call("/v3/lease/keepalive", JSON.createObjectNode().put("ID", Long.toString(id)));
        // a streaming call: the gateway wraps each answer in "result"; a TTL of 0 is left out of the JSON
        return answer.path("result").path("TTL").asLong(0);
    }

    /** Ends lease {@code id} and deletes the keys attached to it. */
    void revoke(long id) throws IOException {
        call("/v3/lease/revoke", JSON.createObjectNode().put("ID", Long.toString(id)));
    }

    /** Sets {@code key} to {@code value}, attached to lease {@code leaseId}. */
    void put(String key, byte[] value, long leaseId) throws IOException {
        ObjectNode body = JSON.createObjectNode()
                .put("key", base64(key.getBytes(StandardCharsets.UTF_8)))
                .put("value", base64(value))
                .put("lease", Long.toString(leaseId));
        call("/v3/kv/put", body);
    }

    /** Every key that starts with {@code prefix}, with its value. */
    List<Entry> range(String prefix) throws IOException {
        byte[] start = prefix.getBytes(StandardCharsets.UTF_8);
        ObjectNode body = JSON.createObjectNode()
                .put("key", base64(start))
                .put("range_end", base64(rangeEnd(start)));
        JsonNode answer = call("/v3/kv/range", body);
        List<Entry> entries = new ArrayList<>();
        for (JsonNode kv : answer.path("kvs").values()) {
            byte[] key = Base64.getDecoder().decode(kv.path("key").asString(""));
            byte[] value = Base64.getDecoder().decode(kv.path("value").asString(""));
            entries.add(new Entry(new String(key, StandardCharsets.UTF_8), value));
        }
        return entries;
    }

    /** Deletes {@code key}. */
    void delete(String key) throws IOException {
        call("/v3/kv/deleterange", JSON.createObjectNode()
                .put("key", base64(key.getBytes(StandardCharsets.UTF_8))));
    }

    /** The smallest key after every key that starts with {@code prefix}: the prefix with its last byte raised. */
    static byte[] rangeEnd(byte[] prefix) {
        byte[] end = Arrays.copyOf(prefix, prefix.length);
        for (int i = end.length - 1; i >= 0; i--) {
            if (end[i] != (byte) 0xff) {
                end[i]++;
                return Arrays.copyOf(end, i + 1);
            }
        }
        return new byte[] {0}; // all 0xff: to the end of the key space
    }

    private JsonNode call(String path, ObjectNode body) throws IOException {
        if (username != null && token == null) {
            authenticate();
        }
        Answer answer = send(path, body.toString(), true);
        if (answer.status == 401 && username != null) {
            authenticate();
            answer = send(path, body.toString(), true);
        }
        if (answer.status != 200) {
            throw new IOException("etcd " + path + " answered " + answer.status + ": " + answer.body);
        }
        return parse(path, answer.body);
    }

    private void authenticate() throws IOException {
        ObjectNode body = JSON.createObjectNode().put("name", username).put("password", password);
        Answer answer = send("/v3/auth/authenticate", body.toString(), false);
        if (answer.status != 200) {
            throw new IOException("etcd refused user '" + username + "' (" + answer.status + "): " + answer.body);
        }
        String granted = parse("/v3/auth/authenticate", answer.body).path("token").asString("");
        if (granted.isEmpty()) {
            throw new IOException("etcd gave no auth token for user '" + username + "'");
        }
        token = granted;
    }

    private Answer send(String path, String json, boolean withToken) throws IOException {
        int first = current;
        IOException failures = null;
        for (int i = 0; i < endpoints.size(); i++) {
            int index = (first + i) % endpoints.size();
            HttpRequest.Builder request = HttpRequest.newBuilder(endpoints.get(index).resolve(path))
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
            String auth = token;
            if (withToken && auth != null) {
                request.header("Authorization", auth);
            }
            try {
                HttpResponse<String> response = http.send(request.build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                if (response.statusCode() >= 500 && i < endpoints.size() - 1) {
                    failures = add(failures, new IOException(endpoints.get(index) + " answered "
                            + response.statusCode() + ": " + response.body()));
                    continue;
                }
                current = index;
                return new Answer(response.statusCode(), response.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while calling etcd " + path, e);
            } catch (IOException e) {
                failures = add(failures, new IOException(endpoints.get(index) + ": " + e, e));
            }
        }
        IOException all = new IOException("no etcd endpoint of " + endpoints + " answered " + path);
        if (failures != null) {
            all.addSuppressed(failures);
        }
        throw all;
    }

    private static IOException add(IOException chain, IOException next) {
        if (chain == null) {
            return next;
        }
        chain.addSuppressed(next);
        return chain;
    }

    private static JsonNode parse(String path, String body) throws IOException {
        // a streaming call may answer several JSON objects, one a line: the first is the answer to our request
        String first = body.strip();
        int newline = first.indexOf('\n');
        if (newline > 0) {
            first = first.substring(0, newline);
        }
        try {
            return JSON.readTree(first);
        } catch (JacksonException e) {
            throw new IOException("etcd " + path + " answered what is not JSON: " + body, e);
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private record Answer(int status, String body) {
    }
}
