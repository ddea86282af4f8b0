package io.goakt.spring.dashboard;

import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.spring.RemoteSerializationCustomizer;
import io.goakt.spring.autoconfigure.GoaktAutoConfiguration;
import io.goakt.spring.autoconfigure.GoaktRemotingAutoConfiguration;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.DefaultMockMvcBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.LinkedBlockingQueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The dashboard's wiring: off by default, its path and refresh checked, its actions guarded. */
class GoaktDashboardAutoConfigurationTests {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GoaktAutoConfiguration.class,
                    GoaktDashboardAutoConfiguration.class))
            .withUserConfiguration(Mvc.class);

    @Configuration(proxyBeanMethods = false)
    @EnableWebMvc
    static class Mvc {
    }

    private static MockMvc mvc(AssertableWebApplicationContext ctx) {
        return MockMvcBuilders.webAppContextSetup((WebApplicationContext) ctx.getSourceApplicationContext()).build();
    }

    private static MockMvc securedMvc(AssertableWebApplicationContext ctx) {
        DefaultMockMvcBuilder builder =
                MockMvcBuilders.webAppContextSetup((WebApplicationContext) ctx.getSourceApplicationContext());
        return builder.addFilters(ctx.getBean("springSecurityFilterChain", Filter.class)).build();
    }

    @Test
    void offByDefaultThePathAnswers404() {
        runner.run(ctx -> {
            assertThat(ctx).doesNotHaveBean(DashboardController.class);
            mvc(ctx).perform(get("/goakt/")).andExpect(status().isNotFound());
            mvc(ctx).perform(get("/goakt/stream")).andExpect(status().isNotFound());
        });
    }

    @Test
    void enabledServesThePageAndItsAssetsFromTheJar() {
        runner.withPropertyValues("goakt.dashboard.enabled=true").run(ctx -> {
            MockMvc mvc = mvc(ctx);
            mvc.perform(get("/goakt")).andExpect(status().isFound()).andExpect(header().string("Location", "/goakt/"));
            mvc.perform(get("/goakt/")).andExpect(status().isOk())
                    .andExpect(content().string(org.hamcrest.Matchers.containsString("role=\"tree\"")))
                    .andExpect(content().string(org.hamcrest.Matchers.containsString(
                            "<meta name=\"goakt-actions\" content=\"false\">")));
            mvc.perform(get("/goakt/dashboard.js")).andExpect(status().isOk())
                    .andExpect(content().string(org.hamcrest.Matchers.containsString("new EventSource('stream')")));
            mvc.perform(get("/goakt/dashboard.css")).andExpect(status().isOk());
        });
    }

    @Test
    void thePathPropertyMovesThePage() {
        runner.withPropertyValues("goakt.dashboard.enabled=true", "goakt.dashboard.path=/ops/actors").run(ctx -> {
            mvc(ctx).perform(get("/ops/actors/")).andExpect(status().isOk());
            mvc(ctx).perform(get("/goakt/")).andExpect(status().isNotFound());
        });
    }

    @Test
    void aBadPathFailsStartUpNamingTheKey() {
        runner.withPropertyValues("goakt.dashboard.enabled=true", "goakt.dashboard.path=goakt/").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure()).hasStackTraceContaining("goakt.dashboard.path")
                    .hasStackTraceContaining("goakt/");
        });
    }

    @Test
    void aRefreshThatIsNotPositiveFailsStartUpNamingTheKey() {
        runner.withPropertyValues("goakt.dashboard.enabled=true", "goakt.dashboard.refresh=0s").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure()).hasStackTraceContaining("goakt.dashboard.refresh");
        });
    }

    @Test
    void withActionsOffTheActionEndpointsRefuse() {
        runner.withPropertyValues("goakt.dashboard.enabled=true").run(ctx -> {
            ActorRef target = ctx.getBean(ActorSystem.class).spawnFromFunction("target", c -> { });
            MockMvc mvc = mvc(ctx);
            mvc.perform(post("/goakt/api/stop").param("path", target.path())).andExpect(status().isForbidden())
                    .andExpect(content().string(org.hamcrest.Matchers.containsString(
                            "goakt.dashboard.actions.enabled")));
            mvc.perform(post("/goakt/api/restart").param("path", target.path())).andExpect(status().isForbidden());
            mvc.perform(post("/goakt/api/send").contentType("application/json")
                    .content("{\"path\":\"/user/target\",\"type\":\"java.lang.String\",\"message\":\"x\"}"))
                    .andExpect(status().isForbidden());
            assertThat(ctx.getBean(ActorSystem.class).inspect("target")).isPresent();
        });
    }

    @Test
    void actionsWithoutSpringSecurityFailStartUpNamingTheKey() {
        runner.withClassLoader(new FilteredClassLoader(SecurityFilterChain.class))
                .withPropertyValues("goakt.dashboard.enabled=true", "goakt.dashboard.actions.enabled=true")
                .run(ctx -> {
                    assertThat(ctx).hasFailed();
                    assertThat(ctx.getStartupFailure())
                            .hasStackTraceContaining("goakt.dashboard.actions.enabled")
                            .hasStackTraceContaining("Spring Security");
                });
    }

    @Test
    void notAServletWebApplicationNoDashboard() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(GoaktAutoConfiguration.class,
                        GoaktDashboardAutoConfiguration.class))
                .withPropertyValues("goakt.dashboard.enabled=true")
                .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(DashboardController.class));
    }

    /** An application's own security: every request authenticated, HTTP Basic, a viewer and an operator. */
    @Configuration(proxyBeanMethods = false)
    @EnableWebSecurity
    static class AppSecurity {
        @Bean
        SecurityFilterChain chain(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(a -> a.anyRequest().authenticated())
                    .httpBasic(Customizer.withDefaults())
                    // the page sends the CSRF token it is given; these requests come from a test, not a page
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

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":pw").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void withSpringSecurityAnonymousCallersAreRefusedAndActionsNeedTheOperatorRole() {
        runner.withUserConfiguration(AppSecurity.class)
                .withPropertyValues("goakt.dashboard.enabled=true", "goakt.dashboard.actions.enabled=true")
                .run(ctx -> {
                    ActorSystem system = ctx.getBean(ActorSystem.class);
                    ActorRef target = system.spawnFromFunction("target", c -> { });
                    MockMvc mvc = securedMvc(ctx);
                    mvc.perform(get("/goakt/")).andExpect(status().isUnauthorized());
                    mvc.perform(get("/goakt/stream")).andExpect(status().isUnauthorized());
                    mvc.perform(post("/goakt/api/stop").param("path", target.path()))
                            .andExpect(status().isUnauthorized());

                    mvc.perform(get("/goakt/").header("Authorization", basic("viewer")))
                            .andExpect(status().isOk());
                    mvc.perform(post("/goakt/api/stop").param("path", target.path())
                                    .header("Authorization", basic("viewer")))
                            .andExpect(status().isForbidden())
                            .andExpect(content().string(org.hamcrest.Matchers.containsString("GOAKT_OPERATOR")));
                    assertThat(system.inspect("target")).isPresent();

                    // the user guardian is the whole system, not an actor an operator stops from the page
                    mvc.perform(post("/goakt/api/stop").param("path", "/user")
                            .header("Authorization", basic("operator"))).andExpect(status().isNotFound());
                    assertThat(system.isRunning()).isTrue();
                    mvc.perform(post("/goakt/api/restart").param("path", target.path())
                            .header("Authorization", basic("operator"))).andExpect(status().isOk());
                    await().until(() -> system.inspect("target").map(i -> i.restartCount()).orElse(0) == 1);
                    mvc.perform(post("/goakt/api/stop").param("path", target.path())
                            .header("Authorization", basic("operator"))).andExpect(status().isOk());
                    await().until(() -> system.inspect("target").isEmpty());
                });
    }

    /** A message type the application registers for remote serialization. */
    public record Greet(String who, int times) {
    }

    @Configuration(proxyBeanMethods = false)
    static class GreetType {
        @Bean
        RemoteSerializationCustomizer greetType() {
            return types -> types.register("test.Greet", Greet.class);
        }
    }

    @Test
    void anOperatorSendsATestMessageOfARegisteredTypeFromJson() {
        runner.withConfiguration(AutoConfigurations.of(GoaktRemotingAutoConfiguration.class))
                .withUserConfiguration(AppSecurity.class, GreetType.class)
                .withPropertyValues("goakt.dashboard.enabled=true", "goakt.dashboard.actions.enabled=true",
                        "goakt.remoting.enabled=true", "goakt.remoting.host=127.0.0.1", "goakt.remoting.port=0")
                .run(ctx -> {
                    ActorSystem system = ctx.getBean(ActorSystem.class);
                    LinkedBlockingQueue<Object> received = new LinkedBlockingQueue<>();
                    ActorRef target = system.spawnFromFunction("greeter", c -> received.add(c.message()));
                    MockMvc mvc = securedMvc(ctx);
                    mvc.perform(post("/goakt/api/send").header("Authorization", basic("operator"))
                                    .contentType("application/json")
                                    .content("{\"path\":\"" + target.path() + "\",\"type\":\"Greet\","
                                            + "\"message\":{\"who\":\"ops\",\"times\":2}}"))
                            .andExpect(status().isOk())
                            .andExpect(content().string(org.hamcrest.Matchers.containsString(Greet.class.getName())));
                    await().until(() -> received.contains(new Greet("ops", 2)));

                    mvc.perform(post("/goakt/api/send").header("Authorization", basic("operator"))
                                    .contentType("application/json")
                                    .content("{\"path\":\"" + target.path() + "\",\"type\":\"java.lang.Runtime\","
                                            + "\"message\":{}}"))
                            .andExpect(status().isBadRequest())
                            .andExpect(content().string(org.hamcrest.Matchers.containsString("not registered")));
                    mvc.perform(post("/goakt/api/send").header("Authorization", basic("viewer"))
                                    .contentType("application/json")
                                    .content("{\"path\":\"" + target.path() + "\",\"type\":\"Greet\","
                                            + "\"message\":{\"who\":\"viewer\",\"times\":1}}"))
                            .andExpect(status().isForbidden());
                });
    }

    /** Security as an application leaves it by default: CSRF protection on. */
    @Configuration(proxyBeanMethods = false)
    @EnableWebSecurity
    static class CsrfSecurity {
        @Bean
        SecurityFilterChain chain(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(a -> a.anyRequest().authenticated())
                    .httpBasic(Customizer.withDefaults()).build();
        }

        @Bean
        InMemoryUserDetailsManager users() {
            return new InMemoryUserDetailsManager(
                    User.withUsername("operator").password("{noop}pw").roles("GOAKT_OPERATOR").build());
        }
    }

    @Test
    void thePageCarriesTheCsrfTokenItsActionsSend() {
        runner.withUserConfiguration(CsrfSecurity.class)
                .withPropertyValues("goakt.dashboard.enabled=true", "goakt.dashboard.actions.enabled=true")
                .run(ctx -> {
                    ActorSystem system = ctx.getBean(ActorSystem.class);
                    ActorRef target = system.spawnFromFunction("target", c -> { });
                    MockMvc mvc = securedMvc(ctx);
                    mvc.perform(post("/goakt/api/stop").param("path", target.path())
                            .header("Authorization", basic("operator"))).andExpect(status().isForbidden());
                    var page = mvc.perform(get("/goakt/").header("Authorization", basic("operator")))
                            .andExpect(status().isOk()).andReturn();
                    String html = page.getResponse().getContentAsString();
                    java.util.regex.Matcher header = java.util.regex.Pattern
                            .compile("goakt-csrf-header\" content=\"([^\"]+)\"").matcher(html);
                    java.util.regex.Matcher token = java.util.regex.Pattern
                            .compile("goakt-csrf-token\" content=\"([^\"]+)\"").matcher(html);
                    assertThat(header.find()).isTrue();
                    assertThat(token.find()).isTrue();
                    mvc.perform(post("/goakt/api/stop").param("path", target.path())
                                    .header("Authorization", basic("operator"))
                                    .header(header.group(1), token.group(1))
                                    .session((org.springframework.mock.web.MockHttpSession)
                                            page.getRequest().getSession()))
                            .andExpect(status().isOk());
                    await().until(() -> system.inspect("target").isEmpty());
                });
    }

    @Test
    void aNativeImageKeepsThePagesFiles() {
        org.springframework.aot.hint.RuntimeHints hints = new org.springframework.aot.hint.RuntimeHints();
        new DashboardRuntimeHints().registerHints(hints, getClass().getClassLoader());
        for (String file : new String[]{"index.html", "dashboard.js", "dashboard.css"}) {
            assertThat(org.springframework.aot.hint.predicate.RuntimeHintsPredicates.resource()
                    .forResource(DashboardController.RESOURCES + file)).accepts(hints);
        }
    }
}
