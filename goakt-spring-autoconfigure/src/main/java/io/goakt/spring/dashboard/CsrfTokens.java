package io.goakt.spring.dashboard;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.util.ClassUtils;

/**
 * The CSRF header and token Spring Security expects on the page's POSTs, when it is on the class path and the
 * application keeps CSRF protection on; the page sends them with every action.
 */
final class CsrfTokens {

    private static final boolean SECURITY_PRESENT = ClassUtils.isPresent(
            "org.springframework.security.web.csrf.CsrfToken", CsrfTokens.class.getClassLoader());

    private CsrfTokens() {
    }

    /** {header name, token}, each null when there is none. */
    static String[] of(HttpServletRequest request) {
        if (SECURITY_PRESENT
                && request.getAttribute("_csrf") instanceof org.springframework.security.web.csrf.CsrfToken token) {
            return new String[]{token.getHeaderName(), token.getToken()};
        }
        return new String[]{null, null};
    }
}
