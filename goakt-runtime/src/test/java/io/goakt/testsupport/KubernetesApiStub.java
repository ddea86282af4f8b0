package io.goakt.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for the Kubernetes API server: the one place the discovery tests use a stub instead of the real server,
 * because no Kubernetes runs on a build machine. It answers only what discovery asks,
 * {@code GET /api/v1/namespaces/NS/pods?labelSelector=SEL}, with a {@code PodList} in the API server's JSON shape
 * (metadata.name and labels, spec.containers[].ports[] with names, status.phase and podIP), over HTTPS on 127.0.0.1
 * with a certificate issued by a CA the stub makes, and only to requests that carry the service-account token as a
 * bearer token (401 otherwise). The token and the CA's certificate are written to files, as Kubernetes mounts them
 * in a pod. Pods are selected by namespace and by an equality selector ({@code k=v,k2=v2}).
 *
 * <p>Threading: {@link #put} and {@link #remove} from any thread; requests are served on the stub's own thread.
 */
public final class KubernetesApiStub implements AutoCloseable {

    /** One pod as the stub lists it. */
    public record Pod(String name, String namespace, Map<String, String> labels, String ip, String portName,
                      int port) {
    }

    private final HttpsServer server;
    private final ExecutorService executor;
    private final String token;
    private final Path tokenFile;
    private final Path caFile;
    private final Map<String, Pod> pods = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private KubernetesApiStub(HttpsServer server, ExecutorService executor, String token, Path tokenFile,
                              Path caFile) {
        this.server = server;
        this.executor = executor;
        this.token = token;
        this.tokenFile = tokenFile;
        this.caFile = caFile;
    }

    /** Starts a stub on a free port of 127.0.0.1, writing its token and CA files into {@code dir}. */
    public static KubernetesApiStub start(Path dir) throws Exception {
        Instant now = Instant.now();
        X509Bundle ca = new CertificateBuilder().subject("CN=stub kubernetes CA").setIsCertificateAuthority(true)
                .ecp256().notBefore(now.minusSeconds(3600)).notAfter(now.plusSeconds(3600)).buildSelfSigned();
        X509Bundle serving = new CertificateBuilder().subject("CN=kubernetes").ecp256()
                .addSanIpAddress("127.0.0.1").addExtendedKeyUsageServerAuth()
                .notBefore(now.minusSeconds(3600)).notAfter(now.plusSeconds(3600)).buildIssuedBy(ca);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(serving.toKeyManagerFactory().getKeyManagers(), null, null);

        String token = "stub-token-" + Long.toHexString(System.nanoTime());
        Path tokenFile = Files.writeString(dir.resolve("token"), token + "\n");
        Path caFile = Files.writeString(dir.resolve("ca.crt"), ca.getCertificatePEM());

        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "kubernetes-api-stub");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        KubernetesApiStub stub = new KubernetesApiStub(server, executor, token, tokenFile, caFile);
        server.createContext("/", stub::handle);
        server.start();
        return stub;
    }

    /** The base URL discovery is given, {@code https://127.0.0.1:PORT}. */
    public String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The file holding the token the stub accepts. */
    public Path tokenFile() {
        return tokenFile;
    }

    /** The PEM file of the CA that issued the stub's certificate. */
    public Path caFile() {
        return caFile;
    }

    /** Adds or replaces a pod (by name). */
    public KubernetesApiStub put(Pod pod) {
        pods.put(pod.name(), pod);
        return this;
    }

    /** Removes the pod named {@code name}, as when it was deleted. */
    public void remove(String name) {
        pods.remove(name);
    }

    /** The requests served so far, as {@code STATUS PATH?QUERY}. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            String path = uri.getPath();
            int status;
            String body;
            if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                status = 401;
                body = "{\"kind\":\"Status\",\"code\":401,\"reason\":\"Unauthorized\"}";
            } else if (exchange.getRequestMethod().equals("GET") && path.startsWith("/api/v1/namespaces/")
                    && path.endsWith("/pods") && path.split("/").length == 6) {
                status = 200;
                body = podList(path.split("/")[4], selector(uri.getRawQuery()));
            } else {
                status = 404;
                body = "{\"kind\":\"Status\",\"code\":404,\"reason\":\"NotFound\"}";
            }
            requests.add(status + " " + path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static Map<String, String> selector(String rawQuery) {
        Map<String, String> terms = new ConcurrentHashMap<>();
        if (rawQuery == null) {
            return terms;
        }
        for (String parameter : rawQuery.split("&")) {
            if (parameter.startsWith("labelSelector=")) {
                String selector = URLDecoder.decode(parameter.substring("labelSelector=".length()),
                        StandardCharsets.UTF_8);
                for (String term : selector.split(",")) {
                    String[] kv = term.split("=", 2);
                    terms.put(kv[0].trim(), kv.length == 2 ? kv[1].trim() : "");
                }
            }
        }
        return terms;
    }

    private String podList(String namespace, Map<String, String> selector) {
        List<String> items = new ArrayList<>();
        for (Pod pod : pods.values()) {
            if (pod.namespace().equals(namespace) && pod.labels().entrySet().containsAll(selector.entrySet())) {
                items.add(podJson(pod));
            }
        }
        return "{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"1\"},\"items\":["
                + String.join(",", items) + "]}";
    }

    private static String podJson(Pod pod) {
        StringBuilder labels = new StringBuilder();
        pod.labels().forEach((k, v) -> labels.append(labels.length() == 0 ? "" : ",")
                .append('"').append(k).append("\":\"").append(v).append('"'));
        return "{\"metadata\":{\"name\":\"" + pod.name() + "\",\"namespace\":\"" + pod.namespace()
                + "\",\"labels\":{" + labels + "}},"
                + "\"spec\":{\"containers\":[{\"name\":\"app\",\"ports\":["
                + "{\"name\":\"http\",\"containerPort\":8080,\"protocol\":\"TCP\"},"
                + "{\"name\":\"" + pod.portName() + "\",\"containerPort\":" + pod.port() + ",\"protocol\":\"TCP\"}]}]},"
                + "\"status\":{\"phase\":\"Running\",\"hostIP\":\"127.0.0.1\",\"podIP\":\"" + pod.ip() + "\","
                + "\"conditions\":[{\"type\":\"Ready\",\"status\":\"False\"}]}}";
    }
}
