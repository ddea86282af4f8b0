package io.goakt.cluster;

import io.goakt.remote.Endpoint;

import java.util.Objects;
import java.util.Set;

/**
 * One member of the cluster as every other member sees it. All of it is fixed when the member starts: it travels in
 * the member's JGroups address, so each view names every member together with how to reach it.
 *
 * @param id              the member's JGroups logical name, new on every start:
 *                        {@code <system>@<remoting endpoint>#<6 hex digits>}
 * @param host            the host its control plane (JGroups) is reached at
 * @param controlPort     the port its control plane is reached at
 * @param remoting        where its remoting (the data plane, actor messages) is reached
 * @param roles           the roles it was started with
 * @param protocolVersion the cluster protocol version it speaks
 */
public record Member(String id, String host, int controlPort, Endpoint remoting, Set<String> roles,
                     int protocolVersion) {

    /** Checks the parts and copies the roles. */
    public Member {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(remoting, "remoting");
        roles = Set.copyOf(roles);
    }

    /** True when the member was started with {@code role}. */
    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
