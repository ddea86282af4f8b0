package io.goakt.internal.discovery;

import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.Event;
import org.jgroups.Message;
import org.jgroups.PhysicalAddress;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.logging.Log;
import org.jgroups.protocols.PingData;
import org.jgroups.protocols.PingHeader;
import org.jgroups.protocols.kubernetes.Client;
import org.jgroups.protocols.kubernetes.KUBE_PING;
import org.jgroups.protocols.kubernetes.stream.StreamProvider;
import org.jgroups.protocols.kubernetes.stream.TokenStreamProvider;
import org.jgroups.stack.IpAddress;
import org.jgroups.util.NameCache;
import org.jgroups.util.Responses;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JGroups' {@code KUBE_PING} (jgroups-kubernetes) as {@code KubernetesDiscovery} configures it: one member's
 * discovery protocol, which lists the pods of a namespace (optionally by label selector) from the Kubernetes API
 * server and probes each pod for members.
 *
 * <p>What it changes in {@code KUBE_PING}:
 * <ul>
 *   <li>The API server, the service-account token file and the CA file come from its constructor (a {@code null}
 *       API server means the one the pod's {@code KUBERNETES_SERVICE_HOST} and {@code KUBERNETES_SERVICE_PORT}
 *       name), and {@link #init} refuses to start without a readable token file, or, over HTTPS, without a readable
 *       CA file: {@code KUBE_PING} itself would go on without a token, or trust any server.</li>
 *   <li>Each pod is probed at its container port named {@code portName} when one is given (pods without it are
 *       skipped), else at the transport's port and the next {@code portRange} ports, which it sets as the
 *       transport's range when the stack initialises (the transport binds only at start, so it binds in that
 *       range). Pods that are not ready are probed too: a member turns ready only after it joined.</li>
 *   <li>The pod list is read by {@link KubernetesPods}, which knows the named ports.</li>
 *   <li>It speaks as {@code KUBE_PING} on the wire (the same protocol id).</li>
 * </ul>
 *
 * <p>Threading: configured by its constructor before the stack sees it; JGroups calls {@code init} on the stack's
 * thread before any discovery, and {@link #findMembers} on its discovery threads, which read the client through a
 * volatile field that {@code init} writes.
 */
public final class KubernetesDiscoveryPing extends KUBE_PING {

    /** The pod's service-account directory, where Kubernetes mounts the token and the CA. */
    public static final String SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount/";

    private final URI apiServer;
    private final String portName;
    private final int portRange;
    /** Written once by {@link #init}; volatile load by the discovery threads. */
    private volatile PodListClient pods;
    /** Whether the last pod list failed, so a lasting failure is logged once; races only repeat a log line. */
    private volatile boolean failureLogged;

    /**
     * @param apiServer the API server's base URL ({@code https://host:port}), or {@code null} for the pod's own
     * @param namespace the namespace whose pods are listed
     * @param labels    a label selector such as {@code app=orders}, or {@code null} for every pod of the namespace
     * @param portName  the container port to probe each pod at, or {@code null} for the control port and range
     * @param portRange how many ports above the control port members bind and are probed at (0 with a port name)
     * @param tokenFile the service-account token file
     * @param caFile    the CA certificate file (PEM) the API server's certificate is checked against
     */
    public KubernetesDiscoveryPing(URI apiServer, String namespace, String labels, String portName, int portRange,
                                   Path tokenFile, Path caFile) {
        this.apiServer = apiServer;
        this.portName = portName;
        this.portRange = portRange;
        setId(ClassConfigurator.getProtocolId(KUBE_PING.class));
        setNamespace(namespace);
        this.labels = labels;
        this.port_range = portRange;
        this.saTokenFile = tokenFile.toString();
        this.caCertFile = caFile.toString();
    }

    /**
     * A new protocol (see the constructor). Typed as JGroups' {@code Discovery} so that a caller's class verifies
     * without loading this class, which needs jgroups-kubernetes on the class path.
     */
    public static org.jgroups.protocols.Discovery create(URI apiServer, String namespace, String labels,
                                                         String portName, int portRange, Path tokenFile,
                                                         Path caFile) {
        return new KubernetesDiscoveryPing(apiServer, namespace, labels, portName, portRange, tokenFile, caFile);
    }

    @Override
    public void init() throws Exception {
        getTransport().setPortRange(portRange);
        URI api = apiServer != null ? apiServer : podApiServer(System.getenv());
        if (!Files.isReadable(Path.of(saTokenFile))) {
            throw new IllegalStateException("kubernetes discovery: the service-account token file " + saTokenFile
                    + " is not readable (set the token file, or run in a pod that mounts its service account)");
        }
        if ("https".equals(api.getScheme()) && !Files.isReadable(Path.of(caCertFile))) {
            throw new IllegalStateException("kubernetes discovery: the CA file " + caCertFile + " is not readable;"
                    + " without it the API server's certificate cannot be checked");
        }
        masterProtocol = api.getScheme();
        masterHost = api.getHost();
        masterPort = api.getPort();
        super.init();
        String base = api.toString().endsWith("/") ? api.toString().substring(0, api.toString().length() - 1)
                : api.toString();
        PodListClient client = new PodListClient(base + "/api/" + apiVersion, connectTimeout, readTimeout,
                operationAttempts, operationSleep, new TokenStreamProvider(saTokenFile, caCertFile), log);
        this.client = client;
        this.pods = client; // volatile store: pairs with the load in findMembers
    }

    /** The API server named by the environment every pod has. */
    static URI podApiServer(Map<String, String> environment) {
        String host = environment.get("KUBERNETES_SERVICE_HOST");
        String port = environment.getOrDefault("KUBERNETES_SERVICE_PORT", "443");
        if (host == null || host.isBlank()) {
            throw new IllegalStateException("kubernetes discovery: no API server given and KUBERNETES_SERVICE_HOST "
                    + "is not set (outside a pod, give the API server's URL)");
        }
        String literal = host.indexOf(':') >= 0 ? "[" + host.trim() + "]" : host.trim();
        return URI.create("https://" + literal + ":" + port.trim());
    }

    @Override
    public void findMembers(List<Address> members, boolean initialDiscovery, Responses responses) {
        PhysicalAddress self = (PhysicalAddress) down(new Event(Event.GET_PHYSICAL_ADDRESS, local_addr));
        PingData data = new PingData(local_addr, false, NameCache.get(local_addr), self);
        if (members != null && members.size() <= max_members_in_discovery_request) {
            data.mbrs(members);
        }
        PingHeader header = new PingHeader(PingHeader.GET_MBRS_REQ).clusterName(cluster_name)
                .initialDiscovery(initialDiscovery);
        for (PhysicalAddress target : targets(listPods())) {
            if (target.equals(self)) {
                continue;
            }
            // DONT_BUNDLE and OOB as every JGroups discovery request: the answer must not wait behind a bundle
            Message request = new BytesMessage(target).setFlag(Message.Flag.DONT_BUNDLE, Message.Flag.OOB)
                    .putHeader(id, header).setArray(marshal(data));
            if (async_discovery_use_separate_thread_per_request) {
                timer.execute(() -> sendDiscoveryRequest(request), sends_can_block);
            } else {
                sendDiscoveryRequest(request);
            }
        }
    }

    /** The addresses to probe: each pod at its named port, or at the transport's port range. */
    List<PhysicalAddress> targets(List<KubernetesPods.Pod> list) {
        List<PhysicalAddress> targets = new ArrayList<>();
        int base = transport.getBindPort();
        for (KubernetesPods.Pod pod : list) {
            InetAddress address = literal(pod.ip());
            if (address == null) {
                log.debug("pod %s has no usable IP (%s); skipped", pod.name(), pod.ip());
                continue;
            }
            if (portName != null) {
                Integer port = pod.namedPorts().get(portName);
                if (port == null) {
                    log.debug("pod %s has no container port named %s; skipped", pod.name(), portName);
                } else {
                    add(targets, new IpAddress(address, port));
                }
                continue;
            }
            for (int i = 0; i <= portRange; i++) {
                add(targets, new IpAddress(address, base + i));
            }
        }
        return targets;
    }

    /** The address {@code ip} spells, never asking DNS; {@code null} when it is no IP literal. */
    private static InetAddress literal(String ip) {
        boolean v4 = ip.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = ip.indexOf(':') >= 0 && ip.matches("[0-9A-Fa-f:.]+");
        if (!v4 && !v6) {
            return null;
        }
        try {
            return InetAddress.getByName(ip); // a literal: parsed, not looked up
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static void add(List<PhysicalAddress> targets, PhysicalAddress address) {
        if (!targets.contains(address)) {
            targets.add(address);
        }
    }

    private List<KubernetesPods.Pod> listPods() {
        PodListClient client = pods; // volatile load: pairs with the store in init
        if (client == null) {
            return List.of();
        }
        try {
            List<KubernetesPods.Pod> list = KubernetesPods.parse(client.podList(namespace, labels));
            failureLogged = false;
            return list;
        } catch (Exception e) {
            if (!failureLogged) {
                failureLogged = true;
                log.warn("kubernetes discovery: listing the pods of namespace %s (labels %s) at %s failed: %s",
                        namespace, labels, client.info(), e.toString());
            }
            return List.of();
        }
    }

    @Override
    public String toString() {
        return "KubernetesDiscoveryPing{namespace=" + namespace + ", labels=" + labels + ", portName=" + portName
                + ", portRange=" + portRange + "}";
    }

    /** {@code KUBE_PING}'s client (token, CA, retries), asked for the pod list as JSON. */
    private static final class PodListClient extends Client {

        PodListClient(String apiUrl, int connectTimeout, int readTimeout, int attempts, long sleepMillis,
                      StreamProvider streams, Log log) {
            // the token provider puts the Authorization header into this map on every request
            super(apiUrl, new ConcurrentHashMap<>(), connectTimeout, readTimeout, attempts, sleepMillis, streams, log);
        }

        String podList(String namespace, String labels) throws Exception {
            return fetchFromKubernetes("pods", namespace, labels, false);
        }
    }
}
