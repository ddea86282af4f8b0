package io.goakt.spring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code goakt.cluster.discovery.etcd.*}: members keep a leased key in etcd and list each other's
 * ({@code io.goakt.discovery.EtcdDiscovery}).
 */
public class EtcdDiscoveryProperties {

    /** etcd endpoints, http://host:port or https://host:port each; tried in turn when one cannot be reached. */
    private List<String> endpoints = new ArrayList<>(List.of("http://127.0.0.1:2379"));

    /** Key prefix, starting with '/' and without a trailing one; members write <prefix>/<cluster>/<member>. */
    private String prefix = "/goakt/discovery";

    /** Lease time to live, whole seconds of at least 2: how long a dead member's key outlives it. */
    private Duration ttl = Duration.ofSeconds(10);

    /** etcd user to authenticate as; unset means no authentication. */
    private String username;

    /** Password of the etcd user. */
    private String password;

    private final Ssl ssl = new Ssl();

    /** etcd endpoints. */
    public List<String> getEndpoints() {
        return endpoints;
    }

    /** Sets the etcd endpoints. */
    public void setEndpoints(List<String> endpoints) {
        this.endpoints = endpoints;
    }

    /** Key prefix. */
    public String getPrefix() {
        return prefix;
    }

    /** Sets the key prefix. */
    public void setPrefix(String prefix) {
        this.prefix = prefix;
    }

    /** Lease time to live. */
    public Duration getTtl() {
        return ttl;
    }

    /** Sets the lease time to live. */
    public void setTtl(Duration ttl) {
        this.ttl = ttl;
    }

    /** etcd user, or {@code null}. */
    public String getUsername() {
        return username;
    }

    /** Sets the etcd user. */
    public void setUsername(String username) {
        this.username = username;
    }

    /** Password of the etcd user, or {@code null}. */
    public String getPassword() {
        return password;
    }

    /** Sets the password of the etcd user. */
    public void setPassword(String password) {
        this.password = password;
    }

    /** {@code goakt.cluster.discovery.etcd.ssl.*}. */
    public Ssl getSsl() {
        return ssl;
    }

    /** {@code goakt.cluster.discovery.etcd.ssl.*}. */
    public static class Ssl {

        /**
         * Name of a Spring Boot SSL bundle (spring.ssl.bundle.*) for https endpoints: its trust store checks etcd's
         * certificate, its key store (if any) is the client certificate. Unset means the JVM's default trust.
         */
        private String bundle;

        /** Name of the SSL bundle, or {@code null}. */
        public String getBundle() {
            return bundle;
        }

        /** Sets the name of the SSL bundle. */
        public void setBundle(String bundle) {
            this.bundle = bundle;
        }
    }
}
