package dev.beryl.cache.examples;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Two users, alice and bob, who sign in with HTTP Basic (passwords {@code alice-password} and
 * {@code bob-password}; an example, not a way to keep passwords). Every endpoint is open to anonymous visitors too.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
                .httpBasic(Customizer.withDefaults())
                // A JSON API called by scripts and tests, without browser sessions.
                .csrf((csrf) -> csrf.disable())
                // Let the answers carry their own caching headers (Beryl adds ETag and Cache-Status).
                .headers((headers) -> headers.cacheControl((cacheControl) -> cacheControl.disable()))
                .build();
    }

    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(
                User.withUsername("alice").password("{noop}alice-password").roles("USER").build(),
                User.withUsername("bob").password("{noop}bob-password").roles("USER").build());
    }
}
