package dev.crumb.spring;

import dev.crumb.InMemoryRevocations;
import dev.crumb.Session;
import dev.crumb.servlet.CookieSessionFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * The README's Spring Boot samples, compiled. Each sample sits between {@code // README:name}
 * and {@code // END}; the examples module's ReadmeTest checks that the README quotes them exactly.
 */
@SuppressWarnings("unused")
final class ReadmeSpringSnippets {

    static class Security {
        // README:spring-security
        @Bean
        SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
            http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                    .formLogin(Customizer.withDefaults());   // CSRF, saved request, fixation: as usual
            return http.build();
        }
        // END
    }

    static class Revocation {
        // README:spring-customizer
        @Bean
        InMemoryRevocations revocations() {                    // a RevocationCheck: the sessions use it
            return new InMemoryRevocations();
        }

        @Bean
        CookieSessionsBuilderCustomizer crumbAudience() {
            return builder -> builder.audience("shop");     // only this app's cookies open here
        }
        // END
    }

    static class Pages {
        InMemoryRevocations revocations;

        // README:spring-controller
        @GetMapping("/me")
        String me(@AuthenticationPrincipal UserDetails user, HttpServletRequest request) {
            Session session = CookieSessionFilter.session(request);    // the subject is the user's name
            return user.getUsername() + " until " + session.expiresAt();
        }

        @PostMapping("/logout-everywhere")
        String logoutEverywhere(@AuthenticationPrincipal UserDetails user) {
            revocations.revokeSubject(user.getUsername());             // all their sessions made until now
            return "done";
        }
        // END
    }
}
