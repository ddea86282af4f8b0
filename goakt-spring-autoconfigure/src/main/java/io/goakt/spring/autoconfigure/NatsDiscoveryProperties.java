package io.goakt.spring.autoconfigure;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code goakt.cluster.discovery.nats.*}: members answer requests for their address on a NATS subject, and keep it
 * in a JetStream key-value bucket where the server has JetStream ({@code io.goakt.discovery.NatsDiscovery}).
 */
public class NatsDiscoveryProperties {

    /** NATS servers, nats://host:port or tls://host:port each. */
    private List<String> servers = new ArrayList<>(List.of("nats://127.0.0.1:4222"));

    /**
     * Subject prefix: requests go to <subject>.<cluster>, and the key-value bucket is the subject with '_' for '.'.
     * Tokens of letters, digits, '-' and '_' separated by dots.
     */
    private String subject = "goakt.discovery";

    /** Path of a NATS credentials file (.creds: a user JWT and NKey seed); unset means none. */
    private String credentials;

    /** NATS servers. */
    public List<String> getServers() {
        return servers;
    }

    /** Sets the NATS servers. */
    public void setServers(List<String> servers) {
        this.servers = servers;
    }

    /** Subject prefix. */
    public String getSubject() {
        return subject;
    }

    /** Sets the subject prefix. */
    public void setSubject(String subject) {
        this.subject = subject;
    }

    /** Path of the credentials file, or {@code null}. */
    public String getCredentials() {
        return credentials;
    }

    /** Sets the path of the credentials file. */
    public void setCredentials(String credentials) {
        this.credentials = credentials;
    }
}
