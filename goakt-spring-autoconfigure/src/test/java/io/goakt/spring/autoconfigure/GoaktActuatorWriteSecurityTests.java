package io.goakt.spring.autoconfigure;

import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.spring.actuate.ActorsEndpoint;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementContextAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.servlet.autoconfigure.actuate.web.ServletManagementContextAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The write operations of goakt's Actuator endpoints: off by default; when enabled, behind Spring Security and the
 * role GOAKT_OPERATOR, and refused at start-up without Spring Security unless goakt.actuator.unsecured-writes says
 * otherwise.
 */
class GoaktActuatorWriteSecurityTests {

    private static final String RESTART = "{\"action\":\"restart\"}";

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class,
                    HttpMessageConvertersAutoConfiguration.class, WebMvcAutoConfiguration.class,
                    DispatcherServletAutoConfiguration.class, EndpointAutoConfiguration.class,
                    WebEndpointAutoConfiguration.class, ManagementContextAutoConfiguration.class,
                    ServletManagementContextAutoConfiguration.class, GoaktAutoConfiguration.class,
                    GoaktEndpointAutoConfiguration.class))
            .withPropertyValues("management.endpoints.web.exposure.include=actors");

    /** Every request authenticated, HTTP Basic, a viewer and an operator; CSRF off as for a machine client. */
    @Configuration(proxyBeanMethods = false)
    @EnableWebSecurity
    static class AppSecurity {
        @Bean
        SecurityFilterChain chain(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(a -> a.anyRequest().authenticated())
                    .httpBasic(Customizer.withDefaults())
                    .csrf(c -> c.disable())
                    .build();
        }

        @Bean
        InMemoryUserDetailsManager users() {
            return new InMemoryUserDetailsManager(
                    User.withUsername("viewer").password("{noop}pw").roles("USER").build(),
                    User.withUsername("operator").password("{noop}pw").roles("USER", "GOAKT_OPERATOR").build());
        }
    }

    /** Security that lets anyone reach every URL: the role check is the endpoint's own. */
    @Configuration(proxyBeanMethods = false)
    @EnableWebSecurity
    static class OpenSecurity {
        @Bean
        SecurityFilterChain chain(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(a -> a.anyRequest().permitAll())
                    .httpBasic(Customizer.withDefaults())
                    .csrf(c -> c.disable())
                    .build();
        }

        @Bean
        InMemoryUserDetailsManager users() {
            return new InMemoryUserDetailsManager(
                    User.withUsername("viewer").password("{noop}pw").roles("USER").build());
        }
    }

    private static MockMvc mvc(AssertableWebApplicationContext ctx) {
        return MockMvcBuilders.webAppContextSetup((WebApplicationContext) ctx.getSourceApplicationContext()).build();
    }

    private static MockMvc securedMvc(AssertableWebApplicationContext ctx) {
        return MockMvcBuilders.webAppContextSetup((WebApplicationContext) ctx.getSourceApplicationContext())
                .addFilters(ctx.getBean("springSecurityFilterChain", Filter.class)).build();
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":pw").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void writeOperationsAreOffByDefault() {
        runner.withClassLoader(new FilteredClassLoader(Authentication.class, SecurityFilterChain.class)).run(ctx -> {
            assertThat(ctx).hasNotFailed();
            ActorRef target = ctx.getBean(ActorSystem.class).spawnFromFunction("target", c -> { });
            MockMvc mvc = mvc(ctx);
            mvc.perform(get("/actuator/actors/target")).andExpect(status().isOk());
            mvc.perform(post("/actuator/actors/target").contentType("application/json").content(RESTART))
                    .andExpect(status().is4xxClientError());
            assertThat(ctx.getBean(ActorSystem.class).inspect(target.path()).orElseThrow().restartCount()).isZero();
        });
    }

    @Test
    void enabledWritesWithoutSpringSecurityFailStartUpNamingTheKey() {
        runner.withClassLoader(new FilteredClassLoader(Authentication.class, SecurityFilterChain.class))
                .withPropertyValues("management.endpoint.actors.access=UNRESTRICTED")
                .run(ctx -> {
                    assertThat(ctx).hasFailed();
                    assertThat(ctx.getStartupFailure())
                            .hasStackTraceContaining("management.endpoint.actors.access")
                            .hasStackTraceContaining("Spring Security")
                            .hasStackTraceContaining("goakt.actuator.unsecured-writes");
                });
    }

    @Test
    void writesEnabledByTheDefaultAccessWithoutSpringSecurityFailStartUpToo() {
        runner.withClassLoader(new FilteredClassLoader(Authentication.class, SecurityFilterChain.class))
                .withPropertyValues("management.endpoints.access.default=UNRESTRICTED")
                .run(ctx -> assertThat(ctx.getStartupFailure())
                        .hasStackTraceContaining("management.endpoint.actors.access"));
    }

    @Test
    void unsecuredWritesLetAnyCallerWriteWithoutSpringSecurity() {
        runner.withClassLoader(new FilteredClassLoader(Authentication.class, SecurityFilterChain.class))
                .withPropertyValues("management.endpoint.actors.access=UNRESTRICTED",
                        "goakt.actuator.unsecured-writes=true")
                .run(ctx -> {
                    ActorSystem system = ctx.getBean(ActorSystem.class);
                    ActorRef target = system.spawnFromFunction("target", c -> { });
                    mvc(ctx).perform(post("/actuator/actors/target").contentType("application/json")
                            .content(RESTART)).andExpect(status().isOk());
                    await().until(() -> system.inspect(target.path()).orElseThrow().restartCount() == 1);
                });
    }

    @Test
    void withSpringSecurityWritesNeedTheOperatorRole() {
        runner.withUserConfiguration(AppSecurity.class)
                .withPropertyValues("management.endpoint.actors.access=UNRESTRICTED")
                .run(ctx -> {
                    ActorSystem system = ctx.getBean(ActorSystem.class);
                    ActorRef target = system.spawnFromFunction("target", c -> { });
                    MockMvc mvc = securedMvc(ctx);
                    mvc.perform(post("/actuator/actors/target").contentType("application/json").content(RESTART))
                            .andExpect(status().isUnauthorized());
                    mvc.perform(get("/actuator/actors/target").header("Authorization", basic("viewer")))
                            .andExpect(status().isOk());
                    mvc.perform(post("/actuator/actors/target").header("Authorization", basic("viewer"))
                                    .contentType("application/json").content(RESTART))
                            .andExpect(status().isForbidden())
                            .andExpect(content().string(org.hamcrest.Matchers.containsString("GOAKT_OPERATOR")));
                    assertThat(system.inspect(target.path()).orElseThrow().restartCount()).isZero();
                    mvc.perform(post("/actuator/actors/target").header("Authorization", basic("operator"))
                                    .contentType("application/json").content(RESTART))
                            .andExpect(status().isOk());
                    await().until(() -> system.inspect(target.path()).orElseThrow().restartCount() == 1);
                    mvc.perform(post("/actuator/actors/target").header("Authorization", basic("operator"))
                                    .contentType("application/json").content("{\"action\":\"stop\"}"))
                            .andExpect(status().isOk());
                    await().until(() -> system.inspect(target.path()).isEmpty());
                });
    }

    @Test
    void withSpringSecurityThatPermitsEveryoneWritesStillNeedTheOperatorRole() {
        runner.withUserConfiguration(OpenSecurity.class)
                .withPropertyValues("management.endpoint.actors.access=UNRESTRICTED",
                        "goakt.actuator.unsecured-writes=true")
                .run(ctx -> {
                    ActorSystem system = ctx.getBean(ActorSystem.class);
                    ActorRef target = system.spawnFromFunction("target", c -> { });
                    MockMvc mvc = securedMvc(ctx);
                    mvc.perform(post("/actuator/actors/target").contentType("application/json").content(RESTART))
                            .andExpect(status().isUnauthorized())
                            .andExpect(content().string(org.hamcrest.Matchers.containsString("GOAKT_OPERATOR")));
                    mvc.perform(post("/actuator/actors/target").header("Authorization", basic("viewer"))
                                    .contentType("application/json").content(RESTART))
                            .andExpect(status().isForbidden());
                    assertThat(system.inspect(target.path()).orElseThrow().restartCount()).isZero();
                    assertThat(ctx.getBean(ActorsEndpoint.class)).isNotNull();
                });
    }
}
