package io.goakt.spring.actuate;

import org.springframework.boot.actuate.endpoint.SecurityContext;

import java.security.Principal;

/** Actuator security contexts for tests that call an endpoint's write operations directly. */
public final class OperatorContext {

    /** A caller named {@code ops} with the role GOAKT_OPERATOR. */
    public static final SecurityContext OPERATOR = of("ops", true);

    /** A caller named {@code viewer} without the role. */
    public static final SecurityContext VIEWER = of("viewer", false);

    private OperatorContext() {
    }

    private static SecurityContext of(String name, boolean operator) {
        Principal principal = () -> name;
        return new SecurityContext() {
            @Override
            public Principal getPrincipal() {
                return principal;
            }

            @Override
            public boolean isUserInRole(String role) {
                return operator && "GOAKT_OPERATOR".equals(role);
            }
        };
    }
}
