package io.goakt.spring.actuate;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import java.util.Map;
import java.util.Optional;

/**
 * The guard on the write operations of goakt's endpoints: the caller needs the role {@value #ROLE}, asked through
 * Actuator's {@link SecurityContext}, which Spring Security answers from the caller's authorities
 * ({@code ROLE_GOAKT_OPERATOR}), the role the dashboard's actions need.
 */
final class OperatorRole {

    /** Role a write operation needs. */
    static final String ROLE = "GOAKT_OPERATOR";

    private static final int STATUS_UNAUTHORIZED = 401;
    private static final int STATUS_FORBIDDEN = 403;

    private OperatorRole() {
    }

    /**
     * The refusal of a write operation: empty when the role is not required or the caller has it, else 401 for a
     * caller who is not authenticated and 403 for one without the role, each with a body naming the role.
     */
    static Optional<WebEndpointResponse<Map<String, String>>> refusal(boolean required, SecurityContext security) {
        if (!required || (security != null && security.isUserInRole(ROLE))) {
            return Optional.empty();
        }
        boolean anonymous = security == null || security.getPrincipal() == null;
        return Optional.of(new WebEndpointResponse<>(Map.of("error", (anonymous ? "authentication required: " : "")
                + "write operations need the role " + ROLE), anonymous ? STATUS_UNAUTHORIZED : STATUS_FORBIDDEN));
    }
}
