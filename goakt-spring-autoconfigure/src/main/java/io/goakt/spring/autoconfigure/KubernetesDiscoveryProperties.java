package io.goakt.spring.autoconfigure;

/**
 * {@code goakt.cluster.discovery.kubernetes.*}: the pods that are members, listed by the Kubernetes API server. The
 * defaults fit an application running in a pod; see {@link io.goakt.discovery.KubernetesDiscovery}.
 */
public class KubernetesDiscoveryProperties {

    /** Namespace whose pods are listed. */
    private String namespace = "default";

    /** Label selector the member pods match, such as app=orders; unset means every pod of the namespace. */
    private String labels;

    /**
     * Name of the container port every pod is probed at, such as goakt-control; unset means the control port
     * (goakt.cluster.port) and port-range.
     */
    private String portName;

    /** Ports above the control port members bind and are probed at, 0 to 100; must be 0 with port-name. */
    private int portRange = 0;

    /**
     * Base URL of the API server, such as https://10.96.0.1:443; unset means the one the pod's
     * KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT name.
     */
    private String apiServer;

    /** Service-account token file sent as the bearer token. */
    private String tokenFile = "/var/run/secrets/kubernetes.io/serviceaccount/token";

    /** CA certificate file (PEM) the API server's certificate is checked against. */
    private String caFile = "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt";

    /** Namespace whose pods are listed. */
    public String getNamespace() {
        return namespace;
    }

    /** Sets the namespace whose pods are listed. */
    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    /** Label selector the member pods match. */
    public String getLabels() {
        return labels;
    }

    /** Sets the label selector the member pods match. */
    public void setLabels(String labels) {
        this.labels = labels;
    }

    /** Name of the container port every pod is probed at. */
    public String getPortName() {
        return portName;
    }

    /** Sets the name of the container port every pod is probed at. */
    public void setPortName(String portName) {
        this.portName = portName;
    }

    /** Ports above the control port members bind and are probed at. */
    public int getPortRange() {
        return portRange;
    }

    /** Sets the ports above the control port members bind and are probed at. */
    public void setPortRange(int portRange) {
        this.portRange = portRange;
    }

    /** Base URL of the API server. */
    public String getApiServer() {
        return apiServer;
    }

    /** Sets the base URL of the API server. */
    public void setApiServer(String apiServer) {
        this.apiServer = apiServer;
    }

    /** Service-account token file. */
    public String getTokenFile() {
        return tokenFile;
    }

    /** Sets the service-account token file. */
    public void setTokenFile(String tokenFile) {
        this.tokenFile = tokenFile;
    }

    /** CA certificate file of the API server. */
    public String getCaFile() {
        return caFile;
    }

    /** Sets the CA certificate file of the API server. */
    public void setCaFile(String caFile) {
        this.caFile = caFile;
    }
}
