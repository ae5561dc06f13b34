package dev.crumb.spring;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.WebAttributes;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.view.RedirectView;

/**
 * An ordinary Spring Boot app with Spring Security's form login, written as its users would
 * write it: nothing in it mentions Crumb beyond the properties its test sets.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(TestApp.Pages.class)
class TestApp {

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/public/**", "/flash/**").permitAll()
                        .anyRequest().authenticated())
                .formLogin(Customizer.withDefaults());
        return http.build();
    }

    @Bean
    InMemoryUserDetailsManager users() {
        return new InMemoryUserDetailsManager(User.withUsername("alice").password("{noop}wonderland")
                .roles("USER", "ADMIN", "AUDITOR").build());
    }

    @Bean
    SimpleMeterRegistry meterRegistry() {
        return new SimpleMeterRegistry();
    }

    @RestController
    static class Pages {

        @GetMapping("/public")
        String hello() {
            return "public";
        }

        @GetMapping("/private")
        String me(@AuthenticationPrincipal UserDetails user) {
            return "hello " + user.getUsername() + " " + user.getAuthorities().stream()
                    .map(Object::toString).filter(a -> a.startsWith("ROLE_")).sorted().toList();
        }

        /** What a login page would show after a failed login. */
        @GetMapping("/public/last-error")
        String lastError(HttpSession session) {
            return String.valueOf(session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION));
        }

        @GetMapping("/flash/set")
        RedirectView setFlash(RedirectAttributes attributes) {
            attributes.addFlashAttribute("message", "saved!");
            attributes.addFlashAttribute("items", List.of("apple", "bread"));
            return new RedirectView("/flash/show", true);
        }

        @GetMapping("/flash/show")
        String showFlash(Model model) {
            return "flash " + model.getAttribute("message") + " " + model.getAttribute("items");
        }
    }
}
