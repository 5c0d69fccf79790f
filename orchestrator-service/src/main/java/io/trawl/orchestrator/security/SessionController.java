package io.trawl.orchestrator.security;

import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** What the presented API key may do: the console shows an operator's buttons only to an operator. */
@RestController
class SessionController {

    /** {@code {"role": "viewer"}} or {@code {"role": "operator"}}. */
    @GetMapping("/me")
    Map<String, String> me(Authentication authentication) {
        boolean operator = authentication.getAuthorities().stream()
                .anyMatch(a -> ("ROLE_" + Role.OPERATOR.name()).equals(a.getAuthority()));
        return Map.of("role", (operator ? Role.OPERATOR : Role.VIEWER).name().toLowerCase(java.util.Locale.ROOT));
    }
}
